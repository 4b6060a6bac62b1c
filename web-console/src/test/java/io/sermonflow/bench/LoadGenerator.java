package io.sermonflow.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * Posts {@code demo/noop} events at a steady rate from a process of its own, so its
 * threads and garbage are not charged to the node it loads. A fixed number of sender
 * threads each keep one connection and send synchronously: event {@code i} is due at
 * {@code start + i / rate}; a send that starts more than 10 ms after it was due counts as
 * late (the node answered too slowly for the connections to keep the rate).
 * <p>
 * Arguments: port, bearer token, event id prefix, events, rate per second, connections.
 * Prints one line: {@code sent=… late=… failed=… seconds=… cpu=…} (its own CPU seconds,
 * start-up included).
 */
public final class LoadGenerator {

	/** Requests each sender makes to the stand-in server before the first event. */
	private static final int WARMUP_REQUESTS = 300;

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String token = args[1];
		String tag = args[2];
		int events = Integer.parseInt(args[3]);
		int rate = Integer.parseInt(args[4]);
		int connections = Integer.parseInt(args[5]);
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
		AtomicInteger nextEvent = new AtomicInteger();
		AtomicLong late = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		// this JVM's own start-up (class loading, its first HTTP requests compiled) took
		// most of a core for the first seconds of each window, on the cores the node
		// needs (claims up to 1 s late while it lasted). So each sender first warms its
		// client up against a stand-in server in this process, and the first event is
		// sent a second after the last sender is ready.
		HttpServer standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		standIn.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(202, -1);
			exchange.close();
		});
		standIn.start();
		URI standInUri = URI.create("http://127.0.0.1:" + standIn.getAddress().getPort() + "/api/events");
		CountDownLatch ready = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		URI node = URI.create("http://127.0.0.1:" + port + "/api/events");
		AtomicLong startAt = new AtomicLong();
		List<Thread> senders = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			Thread sender = new Thread(() -> {
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
				for (int w = 0; w < WARMUP_REQUESTS; w++) {
					try {
						http.send(request(standInUri, token, tag + "-warm", w), HttpResponse.BodyHandlers.discarding());
					}
					catch (Exception ex) {
						throw new IllegalStateException("the stand-in server did not answer", ex);
					}
				}
				ready.countDown();
				awaitQuietly(go);
				long start = startAt.get();
				for (int i = nextEvent.getAndIncrement(); i < events; i = nextEvent.getAndIncrement()) {
					long due = start + i * intervalNanos;
					long now;
					while ((now = System.nanoTime()) < due) {
						long wait = due - now;
						if (wait > 2_000_000) {
							sleepNanos(wait - 1_000_000);
						}
						else {
							Thread.onSpinWait();
						}
					}
					if (now - due > TimeUnit.MILLISECONDS.toNanos(10)) {
						late.incrementAndGet();
					}
					try {
						if (http.send(request(node, token, tag, i), HttpResponse.BodyHandlers.discarding())
							.statusCode() != 202) {
							failed.incrementAndGet();
						}
					}
					catch (Exception ex) {
						failed.incrementAndGet();
					}
				}
			}, "load-" + c);
			sender.start();
			senders.add(sender);
		}
		ready.await();
		long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		startAt.set(start);
		go.countDown();
		for (Thread sender : senders) {
			sender.join();
		}
		standIn.stop(0);
		double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
		System.out.printf("sent=%d late=%d failed=%d seconds=%.1f cpu=%.2f%n", events, late.get(), failed.get(),
				(System.nanoTime() - start) / 1e9, cpu);
	}

	private static HttpRequest request(URI uri, String token, String tag, int i) {
		return HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"name\":\"demo/noop\",\"id\":\"" + tag + "-" + i + "\",\"data\":{\"tasks\":1}}"))
			.build();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepNanos(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the generator as a child process on this JVM's class path. */
	static Process start(int port, String token, String tag, int events, int rate, int connections)
			throws java.io.IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), LoadGenerator.class.getName(), String.valueOf(port), token, tag,
				String.valueOf(events), String.valueOf(rate), String.valueOf(connections))
			.redirectErrorStream(true)
			.start();
	}

}
