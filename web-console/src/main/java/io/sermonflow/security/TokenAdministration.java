package io.sermonflow.security;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

/** Creating and revoking API tokens, for the API and the console. */
@Service
public class TokenAdministration {

	private final ApiTokens tokens;

	TokenAdministration(ApiTokens tokens) {
		this.tokens = tokens;
	}

	public CreatedToken create(String name, String role, String createdBy) {
		ApiTokens.NewToken token = this.tokens.create(name.trim(), Role.parse(role), createdBy);
		return new CreatedToken(token.id(), token.token());
	}

	public boolean revoke(String tokenId) {
		return this.tokens.revoke(tokenId);
	}

	public List<TokenInfo> list() {
		return this.tokens.list();
	}

	/** A token as listed: never the token itself, which is stored only as a hash. */
	public record TokenInfo(String id, String name, Role role, String createdBy, Instant createdAt, Instant revokedAt) {
	}

	/** The token itself appears only here, once. */
	public record CreatedToken(String id, String token) {
	}

}
