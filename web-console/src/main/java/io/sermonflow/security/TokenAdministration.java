package io.sermonflow.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

/** Creating and revoking API tokens, for the API and the console. */
@Service
public class TokenAdministration {

	private final ApiTokens tokens;

	private final Clock clock;

	TokenAdministration(ApiTokens tokens, Clock clock) {
		this.clock = clock;
		this.tokens = tokens;
	}

	public CreatedToken create(String name, String role, String createdBy) {
		return create(name, role, createdBy, null);
	}

	/**
	 * A token of the given role, minted by {@code createdBy}, valid until
	 * {@code expiresAt} (null: until revoked).
	 * @throws IllegalArgumentException naming the field that is invalid
	 */
	public CreatedToken create(String name, String role, String createdBy, Instant expiresAt) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new IllegalArgumentException("Field \"name\" is required (at most 200 characters).");
		}
		if (expiresAt != null && !expiresAt.isAfter(this.clock.instant())) {
			throw new IllegalArgumentException("Field \"expiresAt\" must be in the future.");
		}
		ApiTokens.NewToken token = this.tokens.create(name.trim(), Role.parse(role), createdBy, expiresAt);
		return new CreatedToken(token.id(), token.token());
	}

	/**
	 * The staff user a new token is bound to: the caller, or, when the caller is itself a
	 * token, the admin who minted that one.
	 */
	public static String mintedBy(org.springframework.security.core.Authentication caller) {
		if (caller.getDetails() instanceof ApiTokens.TokenHolder holder) {
			return holder.mintedBy();
		}
		return caller.getName();
	}

	public boolean revoke(String tokenId) {
		return this.tokens.revoke(tokenId);
	}

	public List<TokenInfo> list() {
		return this.tokens.list();
	}

	/**
	 * A token as listed: never the token itself, which is stored only as a hash. It works
	 * until {@code expiresAt} (null: until revoked); {@code lastUsedAt} is to the minute.
	 */
	public record TokenInfo(String id, String name, Role role, String createdBy, Instant createdAt, Instant revokedAt,
			Instant expiresAt, Instant lastUsedAt) {
	}

	/** The token itself appears only here, once. */
	public record CreatedToken(String id, String token) {
	}

}
