package io.sermonflow.notify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.fetch.ServiceUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook's signature covers the time it was sent, so a receiver on loopback checks
 * the HMAC and refuses a replay of a message it already saw.
 */
class WebhookNotifierTest {

	static final String SECRET = "a-webhook-secret";

	static final Instant SENT_AT = Instant.parse("2026-12-04T12:00:00Z");

	/**
	 * The test's receiver is on loopback, listed as an operator lists a local receiver.
	 */
	static final ServiceUrls LOOPBACK_LISTED = new ServiceUrls((host) -> List.of(InetAddress.getByName(host)),
			Set.of(InetAddress.getLoopbackAddress()));

	HttpServer receiver;

	final List<String[]> received = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.receiver.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received
				.add(new String[] { exchange.getRequestHeaders().getFirst(WebhookNotifier.SIGNATURE_HEADER), body });
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stop() {
		this.receiver.stop(0);
	}

	@Test
	void signs_the_time_and_the_body_so_a_receiver_can_refuse_tampering_and_replays() {
		WebhookNotifier notifier = new WebhookNotifier(
				new NotifyProperties("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook", SECRET),
				JsonMapper.builder().build(), Clock.fixed(SENT_AT, ZoneOffset.UTC), LOOPBACK_LISTED);
		assertThat(notifier.notify("sermon/published", Map.of("sermonId", "s-1"))).containsEntry("webhook",
				"delivered");

		String header = this.received.get(0)[0];
		String body = this.received.get(0)[1];
		assertThat(header).startsWith("t=" + SENT_AT.getEpochSecond() + ",v1=");
		assertThat(body).contains("\"sermonId\":\"s-1\"");
		Duration tolerance = Duration.ofMinutes(5);
		assertThat(WebhookNotifier.verify(SECRET, header, body, SENT_AT.plusSeconds(30), tolerance)).isTrue();
		// replayed an hour later, tampered with, or checked with another secret: refused
		assertThat(WebhookNotifier.verify(SECRET, header, body, SENT_AT.plus(Duration.ofHours(1)), tolerance))
			.isFalse();
		assertThat(WebhookNotifier.verify(SECRET, header, body.replace("s-1", "s-2"), SENT_AT, tolerance)).isFalse();
		assertThat(WebhookNotifier.verify("another-secret", header, body, SENT_AT, tolerance)).isFalse();
		// a fresh time on an old signature does not pass either
		String restamped = header.replace("t=" + SENT_AT.getEpochSecond(), "t=" + (SENT_AT.getEpochSecond() + 3600));
		assertThat(WebhookNotifier.verify(SECRET, restamped, body, SENT_AT.plus(Duration.ofHours(1)), tolerance))
			.isFalse();
		assertThat(WebhookNotifier.verify(SECRET, null, body, SENT_AT, tolerance)).isFalse();
	}

	@Test
	void a_webhook_into_the_servers_own_network_refuses_to_start_and_never_shows_the_url() {
		ServiceUrls nothingListed = new ServiceUrls((host) -> List.of(InetAddress.getByName("10.0.0.7")), Set.of());
		assertThatThrownBy(
				() -> new WebhookNotifier(new NotifyProperties("https://hooks.church.test/notify?token=s3cret", SECRET),
						JsonMapper.builder().build(), Clock.systemUTC(), nothingListed))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("SERMONFLOW_WEBHOOK_URL is refused: ")
			.hasMessageContaining("10.0.0.0/8")
			.hasMessageNotContaining("s3cret")
			.hasMessageNotContaining("10.0.0.7");
		assertThat(this.received).isEmpty();
	}

}
