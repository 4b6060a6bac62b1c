package io.sermonflow.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Posts notifications to the configured webhook, signed so the receiver can trust them:
 * {@code X-Sermonflow-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>}. A
 * 5xx or an unreachable receiver is retryable; a 4xx is permanent.
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

	WebhookNotifier(NotifyProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
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
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.properties.url()))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (this.properties.secret() != null) {
			request.header(SIGNATURE_HEADER, "sha256=" + sign(this.properties.secret(), body));
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

	public static String sign(String secret, String body) {
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
