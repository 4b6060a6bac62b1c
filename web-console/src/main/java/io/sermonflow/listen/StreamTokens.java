package io.sermonflow.listen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Expiring HMAC-SHA256 tokens for listener URLs ({@code SERMONFLOW_STREAM_SIGNING_KEY}).
 * One token covers everything of one sermon under {@code /listen/{id}/}: the master
 * playlist, its variants, their segments, the progressive file and captions, so playlists
 * hand it on to what they list. Expiry times are rounded up to the next hour, so pages
 * rendered within the hour share URLs and players' caches.
 */
@Component
class StreamTokens {

	static final String EXPIRES = "exp";

	static final String SIGNATURE = "sig";

	private final SecretKeySpec key;

	private final StreamProperties properties;

	private final Clock clock;

	StreamTokens(StreamProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.key = (properties.signingKey() != null)
				? new SecretKeySpec(properties.signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256") : null;
	}

	boolean required() {
		return this.key != null;
	}

	/** A listener path of the sermon, with a token valid for the pages' lifetime. */
	String sign(String sermonId, String path) {
		return sign(sermonId, path, this.properties.tokenTtl());
	}

	String sign(String sermonId, String path, Duration ttl) {
		String query = query(sermonId, ttl);
		return query.isEmpty() ? path : path + (path.contains("?") ? "&" : "?") + query;
	}

	/** {@code exp=…&sig=…}, or nothing when URLs are not signed. */
	String query(String sermonId, Duration ttl) {
		if (this.key == null) {
			return "";
		}
		long expires = this.clock.instant().plus(ttl).getEpochSecond();
		expires = ((expires + 3599) / 3600) * 3600;
		return EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + signature(sermonId, expires);
	}

	/** The token the request carries, when it is needed, valid and not expired. */
	Verdict check(String sermonId, HttpServletRequest request) {
		if (this.key == null) {
			return Verdict.ALLOWED;
		}
		String expires = request.getParameter(EXPIRES);
		String signature = request.getParameter(SIGNATURE);
		if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
			return Verdict.MISSING;
		}
		long at = Long.parseLong(expires);
		boolean genuine = MessageDigest.isEqual(signature(sermonId, at).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
		if (!genuine) {
			return Verdict.TAMPERED;
		}
		return (at < this.clock.instant().getEpochSecond()) ? Verdict.EXPIRED : Verdict.ALLOWED;
	}

	/** The query string that passes a checked token on to the URLs a playlist lists. */
	static String passOn(HttpServletRequest request) {
		return EXPIRES + "=" + request.getParameter(EXPIRES) + "&" + SIGNATURE + "=" + request.getParameter(SIGNATURE);
	}

	private String signature(String sermonId, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			byte[] digest = mac.doFinal(("listen:" + sermonId + ":" + expires).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	enum Verdict {

		ALLOWED(null), MISSING("This listening link needs a signature; open the sermon's page again."),
		TAMPERED("This listening link's signature is not valid."),
		EXPIRED("This listening link has expired; open the sermon's page again.");

		private final String reason;

		Verdict(String reason) {
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
