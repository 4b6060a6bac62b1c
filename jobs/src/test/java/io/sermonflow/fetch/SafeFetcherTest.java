package io.sermonflow.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.MediaTooLargeException;
import io.sermonflow.media.StoredMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fetching through the guard, from a server this test runs on loopback; names resolve
 * through an injected resolver, and refused addresses are refused before any connection.
 */
class SafeFetcherTest {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@TempDir
	Path dir;

	private HttpServer server;

	private final List<String> served = new CopyOnWriteArrayList<>();

	private final AtomicInteger lookups = new AtomicInteger();

	private MediaStore store;

	@BeforeEach
	void start() throws IOException {
		this.store = io.sermonflow.media.TestAudio.mediaStore(this.dir);
		this.server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
		this.server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			this.served.add(path + " host=" + exchange.getRequestHeaders().getFirst("Host"));
			int port = this.server.getAddress().getPort();
			switch (path) {
				case "/sermon.mp3" -> reply(exchange, 200, new byte[5000]);
				case "/big.mp3" -> reply(exchange, 200, new byte[2 * 1024 * 1024]);
				case "/to-internal" -> redirect(exchange, "http://internal.test:" + port + "/sermon.mp3");
				case "/to-sermon" -> redirect(exchange, "/sermon.mp3");
				case "/loop" -> redirect(exchange, "/loop");
				case "/busy" -> reply(exchange, 503, new byte[0]);
				default -> reply(exchange, 404, new byte[0]);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
			throws IOException {
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			exchange.getResponseBody().write(body);
		}
		exchange.close();
	}

	private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		reply(exchange, 302, new byte[0]);
	}

	private SafeFetcher fetcher() {
		return new SafeFetcher(new UrlGuard((host) -> {
			this.lookups.incrementAndGet();
			return switch (host) {
				case "sermons.test" -> List.of(LOOPBACK);
				case "internal.test" -> List.of(InetAddress.getByName("10.1.2.3"));
				default -> throw new UnknownHostException(host);
			};
		}, AddressPolicy.allowingAlso(java.util.Set.of(LOOPBACK))), Duration.ofMinutes(1));
	}

	@Test
	void the_deadline_covers_headers_a_source_trickles_a_byte_at_a_time() throws Exception {
		java.util.concurrent.atomic.AtomicBoolean headersSent = new java.util.concurrent.atomic.AtomicBoolean();
		try (java.net.ServerSocket slow = new java.net.ServerSocket(0, 1, LOOPBACK)) {
			Thread trickler = new Thread(() -> {
				try (java.net.Socket client = slow.accept()) {
					java.io.OutputStream out = client.getOutputStream();
					out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes());
					// 300 bytes, one every 100 ms: half a minute of headers
					for (int i = 0; i < 300; i++) {
						out.write('x');
						out.flush();
						Thread.sleep(100);
					}
					out.write("\r\nContent-Length: 1\r\n\r\nx".getBytes());
					headersSent.set(true);
				}
				catch (IOException | InterruptedException ex) {
					// the client gave up: what this test expects
				}
			});
			trickler.setDaemon(true);
			trickler.start();
			SafeFetcher fetcher = new SafeFetcher(
					new UrlGuard((host) -> List.of(LOOPBACK), AddressPolicy.allowingAlso(java.util.Set.of(LOOPBACK))),
					Duration.ofSeconds(1));
			assertThatThrownBy(() -> fetcher.fetch("http://slow.test:" + slow.getLocalPort() + "/sermon.mp3",
					this.store, this.store.newFolder(), "original", 10_000))
				.isInstanceOf(PermanentException.class)
				.hasMessageContaining("took longer than 1 s, headers included");
			assertThat(headersSent).isFalse();
		}
	}

	private String url(String path) {
		return "http://sermons.test:" + this.server.getAddress().getPort() + path;
	}

	@Test
	void fetches_into_the_store_connecting_to_the_checked_address_with_the_name_as_host() {
		StoredMedia stored = fetcher().fetch(url("/sermon.mp3"), this.store, this.store.newFolder(), "original",
				10_000);
		assertThat(stored.size()).isEqualTo(5000);
		assertThat(this.served).containsExactly("/sermon.mp3 host=sermons.test:" + this.server.getAddress().getPort());
		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void checks_every_redirect_again_and_refuses_one_to_a_private_address_before_connecting() {
		assertThat(fetcher().fetch(url("/to-sermon"), this.store, this.store.newFolder(), "original", 10_000).size())
			.isEqualTo(5000);
		this.served.clear();
		assertThatThrownBy(
				() -> fetcher().fetch(url("/to-internal"), this.store, this.store.newFolder(), "original", 10_000))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("10.0.0.0/8");
		assertThat(this.served).containsExactly("/to-internal host=sermons.test:" + this.server.getAddress().getPort());
		assertThatThrownBy(() -> fetcher().fetch(url("/loop"), this.store, this.store.newFolder(), "original", 10_000))
			.isInstanceOf(PermanentException.class)
			.hasMessageContaining("redirected more than");
	}

	@Test
	void an_allowed_internal_source_is_fetched_and_its_redirects_elsewhere_private_are_still_refused() {
		int port = this.server.getAddress().getPort();
		SafeFetcher fetcher = new SafeFetcher(new UrlGuard((host) -> switch (host) {
			case "archive.test" -> List.of(LOOPBACK);
			case "internal.test" -> List.of(InetAddress.getByName("10.1.2.3"));
			default -> throw new UnknownHostException(host);
		}, AddressPolicy.PUBLIC_ONLY.withSources(List.of("archive.test:" + port))), Duration.ofMinutes(1));
		assertThat(fetcher
			.fetch("http://archive.test:" + port + "/sermon.mp3", this.store, this.store.newFolder(), "original",
					10_000)
			.size()).isEqualTo(5000);
		assertThatThrownBy(() -> fetcher.fetch("http://archive.test:" + port + "/to-internal", this.store,
				this.store.newFolder(), "original", 10_000))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("10.0.0.0/8");
	}

	@Test
	void caps_the_size_and_keeps_nothing_of_a_file_over_it() throws IOException {
		assertThatThrownBy(
				() -> fetcher().fetch(url("/big.mp3"), this.store, this.store.newFolder(), "original", 1024 * 1024))
			.isInstanceOf(MediaTooLargeException.class);
		try (Stream<Path> files = Files.walk(this.dir)) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
	}

	@Test
	void a_missing_file_is_permanent_and_a_busy_server_retryable() {
		assertThatThrownBy(() -> fetcher().fetch(url("/gone.mp3"), this.store, this.store.newFolder(), "original", 10))
			.isInstanceOf(PermanentException.class)
			.hasMessageContaining("HTTP 404");
		assertThatThrownBy(() -> fetcher().fetch(url("/busy"), this.store, this.store.newFolder(), "original", 10))
			.isInstanceOf(RetryableException.class);
	}

}
