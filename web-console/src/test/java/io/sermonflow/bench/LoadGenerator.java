package io.sermonflow.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
		// the first send waits until this JVM has started and its clients are built: a
		// start-up burst on the node's two cores left a backlog that took the first ten
		// seconds of a window to drain (claims up to 1 s late)
		long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		List<Thread> senders = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			Thread sender = new Thread(() -> {
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
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
					HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
						.timeout(Duration.ofSeconds(30))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(
								"{\"name\":\"demo/noop\",\"id\":\"" + tag + "-" + i + "\",\"data\":{\"tasks\":1}}"))
						.build();
					try {
						if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
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
		for (Thread sender : senders) {
			sender.join();
		}
		double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
		System.out.printf("sent=%d late=%d failed=%d seconds=%.1f cpu=%.2f%n", events, late.get(), failed.get(),
				(System.nanoTime() - start) / 1e9, cpu);
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
