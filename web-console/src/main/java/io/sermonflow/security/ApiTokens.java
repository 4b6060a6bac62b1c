package io.sermonflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens for the API. Only a SHA-256 of each token is stored; the token is shown
 * once, when it is created.
 */
@Repository
class ApiTokens {

	static final String PREFIX = "sft_";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	ApiTokens(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	NewToken create(String name, Role role, String createdBy) {
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO sf_api_token (token_id, name, token_hash, role, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(id, name, hash(token), role.name(), createdBy, Timestamp.from(this.clock.instant()))
			.update();
		return new NewToken(id, token);
	}

	/** The token's holder, if the token exists and is not revoked. */
	Optional<TokenHolder> authenticate(String token) {
		if (!token.startsWith(PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc
			.sql("SELECT token_id, name, role FROM sf_api_token WHERE token_hash = ? AND revoked_at IS NULL")
			.param(hash(token))
			.query((rs, i) -> new TokenHolder(rs.getString("token_id"), rs.getString("name"),
					Role.valueOf(rs.getString("role"))))
			.optional();
	}

	List<TokenAdministration.TokenInfo> list() {
		return this.jdbc.sql("""
				SELECT token_id, name, role, created_by, created_at, revoked_at FROM sf_api_token
				ORDER BY revoked_at IS NOT NULL, created_at DESC LIMIT 500""")
			.query((rs, i) -> new TokenAdministration.TokenInfo(rs.getString("token_id"), rs.getString("name"),
					Role.valueOf(rs.getString("role")), rs.getString("created_by"),
					rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("revoked_at") != null) ? rs.getTimestamp("revoked_at").toInstant() : null))
			.list();
	}

	boolean revoke(String tokenId) {
		return this.jdbc.sql("UPDATE sf_api_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")
			.params(Timestamp.from(this.clock.instant()), tokenId)
			.update() == 1;
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

	record TokenHolder(String id, String name, Role role) {
	}

}
