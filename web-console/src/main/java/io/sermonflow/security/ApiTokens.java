package io.sermonflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens for the API. Only a SHA-256 of each token is stored; the token is shown
 * once, when it is created. A token works only while it has not expired and the admin who
 * minted it is still enabled and still holds at least the token's role; when it was last
 * used is kept, to the minute.
 * <p>
 * A node trusts a token it has checked for {@link #TRUST} (never past the token's own
 * expiry), so a client sending a hundred requests a second costs one lookup a second, not
 * a hundred. A revocation, or a change to the admin who minted a token, takes effect at
 * once on the node that made it and within {@link #TRUST} on every other node.
 */
@Repository
class ApiTokens {

	static final String PREFIX = "sft_";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	/** How long a checked token is trusted without looking it up again. */
	static final Duration TRUST = Duration.ofSeconds(1);

	/** Bounds the trusted tokens a node keeps (by hash); beyond it, all are looked up. */
	private static final int MAX_TRUSTED = 10_000;

	/** When this node last recorded each token's use. */
	private final Map<String, Instant> lastUseRecorded = new ConcurrentHashMap<>();

	/** Tokens checked within {@link #TRUST}, by hash. */
	private final Map<String, Trusted> trusted = new ConcurrentHashMap<>();

	ApiTokens(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	NewToken create(String name, Role role, String createdBy, Instant expiresAt) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO sf_api_token (token_id, name, token_hash, role, created_by, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, name, hash(token), role.name(), createdBy, Timestamp.from(this.clock.instant()),
					(expiresAt != null) ? Timestamp.from(expiresAt) : null)
			.update();
		return new NewToken(id, token);
	}

	/**
	 * The token's holder, if the token exists, is neither revoked nor expired, and the
	 * admin who minted it is enabled and holds at least its role still.
	 */
	Optional<TokenHolder> authenticate(String token) {
		if (!token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		String hash = hash(token);
		Instant now = this.clock.instant();
		Trusted known = this.trusted.get(hash);
		if (known != null && now.isBefore(known.until())) {
			return Optional.of(known.holder());
		}
		Optional<Trusted> checked = this.jdbc.sql("""
				SELECT t.token_id, t.name, t.role, t.created_by, t.expires_at FROM sf_api_token t
				JOIN sf_user u ON u.username = t.created_by
				WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
				  AND NOT u.disabled
				  AND array_position(ARRAY['VIEWER', 'OPERATOR', 'ADMIN'], u.role::text)
				      >= array_position(ARRAY['VIEWER', 'OPERATOR', 'ADMIN'], t.role::text)""")
			.param(hash)
			.query((rs, i) -> {
				Instant trustedUntil = now.plus(TRUST);
				Instant expiresAt = instant(rs, "expires_at");
				return new Trusted(
						new TokenHolder(rs.getString("token_id"), rs.getString("name"),
								Role.valueOf(rs.getString("role")), rs.getString("created_by")),
						(expiresAt != null && expiresAt.isBefore(trustedUntil)) ? expiresAt : trustedUntil);
			})
			.optional();
		if (checked.isEmpty()) {
			this.trusted.remove(hash);
			return Optional.empty();
		}
		if (this.trusted.size() >= MAX_TRUSTED) {
			this.trusted.clear();
		}
		this.trusted.put(hash, checked.get());
		TokenHolder holder = checked.get().holder();
		// when it was last used, to the minute: at most one write a minute per token and
		// node, and no statement at all on the calls in between (an API client sending
		// events at 100/s would otherwise add a statement to each)
		Instant recorded = this.lastUseRecorded.get(holder.id());
		if (recorded == null || recorded.isBefore(now.minus(Duration.ofMinutes(1)))) {
			this.jdbc.sql("""
					UPDATE sf_api_token SET last_used_at = now()
					WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""")
				.param(holder.id())
				.update();
			this.lastUseRecorded.put(holder.id(), now);
		}
		return Optional.of(holder);
	}

	List<TokenAdministration.TokenInfo> list() {
		return this.jdbc.sql("""
				SELECT token_id, name, role, created_by, created_at, revoked_at, expires_at, last_used_at
				FROM sf_api_token ORDER BY revoked_at IS NOT NULL, created_at DESC LIMIT 500""")
			.query((rs, i) -> new TokenAdministration.TokenInfo(rs.getString("token_id"), rs.getString("name"),
					Role.valueOf(rs.getString("role")), rs.getString("created_by"), instant(rs, "created_at"),
					instant(rs, "revoked_at"), instant(rs, "expires_at"), instant(rs, "last_used_at")))
			.list();
	}

	private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	boolean revoke(String tokenId) {
		boolean revoked = this.jdbc
			.sql("UPDATE sf_api_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")
			.params(Timestamp.from(this.clock.instant()), tokenId)
			.update() == 1;
		distrustAll();
		return revoked;
	}

	/**
	 * Looks every token up again at its next use: after a revocation or a change to a
	 * user, on this node at once (other nodes within {@link #TRUST}).
	 */
	void distrustAll() {
		this.trusted.clear();
	}

	private static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record NewToken(String id, String token) {
	}

	/** Who calls with a token: the token, its role, and the admin who minted it. */
	record TokenHolder(String id, String name, Role role, String mintedBy) {
	}

	/** A token's holder, trusted until {@code until} without another lookup. */
	private record Trusted(TokenHolder holder, Instant until) {
	}

}
