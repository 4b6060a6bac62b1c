package io.sermonflow.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.fetch.ServiceUrls;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Posts notifications to the configured webhook, signed so the receiver can trust them
 * and refuse replays: {@code X-Sermonflow-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body" with the secret>}; a receiver checks the HMAC and that
 * {@code t} is recent ({@link #verify}). A 5xx or an unreachable receiver is retryable; a
 * 4xx is permanent.
 */
@Component
@EnableConfigurationProperties(NotifyProperties.class)
public class WebhookNotifier {

	public static final String SIGNATURE_HEADER = "X-Sermonflow-Signature";

	private final NotifyProperties properties;

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Clock clock;

	private final ServiceUrls serviceUrls;

	WebhookNotifier(NotifyProperties properties, JsonMapper json, Clock clock, ServiceUrls serviceUrls) {
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.serviceUrls = serviceUrls;
		if (properties.url() != null) {
			// at start-up: a webhook into the server's own network refuses to start
			target();
		}
	}

	/** The webhook URL, checked again at each use: its name may resolve elsewhere now. */
	private URI target() {
		return this.serviceUrls.check("SERMONFLOW_WEBHOOK_URL", this.properties.url(), false);
	}

	/**
	 * Sends {@code {"event":…, …payload}}; returns what happened, for the task's result.
	 */
	public Map<String, Object> notify(String event, Map<String, Object> payload) {
		if (this.properties.url() == null) {
			return Map.of("webhook", "not configured");
		}
		Map<String, Object> message = new java.util.LinkedHashMap<>();
		message.put("event", event);
		message.putAll(payload);
		String body = this.json.writeValueAsString(message);
		URI target;
		try {
			target = target();
		}
		catch (IllegalStateException ex) {
			throw new PermanentException(ex.getMessage(), ex);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (this.properties.secret() != null) {
			request.header(SIGNATURE_HEADER, signature(this.properties.secret(), this.clock.instant(), body));
		}
		try {
			int status = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status >= 500 || status == 429) {
				throw new RetryableException("The webhook answered HTTP " + status);
			}
			if (status >= 400) {
				throw new PermanentException("The webhook refused the notification with HTTP " + status);
			}
			return Map.of("webhook", "delivered", "status", status);
		}
		catch (IOException ex) {
			throw new RetryableException("The webhook is unreachable: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while notifying", ex);
		}
	}

	/** The signature header's value for a body sent at a time. */
	public static String signature(String secret, Instant sentAt, String body) {
		long t = sentAt.getEpochSecond();
		return "t=" + t + ",v1=" + sign(secret, t + "." + body);
	}

	/**
	 * What a receiver does: true when the header signs this body with the secret and was
	 * made within {@code tolerance} of {@code now} (either way), so a replay is refused.
	 */
	public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
		if (header == null) {
			return false;
		}
		Long t = null;
		String v1 = null;
		for (String part : header.split(",")) {
			String[] pair = part.strip().split("=", 2);
			if (pair.length == 2 && pair[0].equals("t") && pair[1].matches("[0-9]{1,12}")) {
				t = Long.parseLong(pair[1]);
			}
			else if (pair.length == 2 && pair[0].equals("v1")) {
				v1 = pair[1];
			}
		}
		if (t == null || v1 == null || Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(tolerance) > 0) {
			return false;
		}
		return MessageDigest.isEqual(sign(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII),
				v1.getBytes(StandardCharsets.US_ASCII));
	}

	static String sign(String secret, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
