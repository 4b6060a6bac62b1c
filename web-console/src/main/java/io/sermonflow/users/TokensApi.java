package io.sermonflow.users;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.security.TokenAdministration;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tokens} (ADMIN): API tokens, shown once when created. */
@RestController
@RequestMapping("/api/tokens")
class TokensApi {

	private final TokenAdministration tokens;

	TokensApi(TokenAdministration tokens) {
		this.tokens = tokens;
	}

	/** Every token (never the token itself): role, who minted it, expiry, last use. */
	@GetMapping
	List<TokenAdministration.TokenInfo> list() {
		return this.tokens.list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TokenAdministration.CreatedToken create(@RequestBody Map<String, Object> body, Authentication caller) {
		Object name = body.get("name");
		Object role = body.get("role");
		if (!(name instanceof String n) || n.isBlank() || n.length() > 200) {
			throw new IllegalArgumentException("Field \"name\" is required: a string of 1-200 characters");
		}
		if (!(role instanceof String r)) {
			throw new IllegalArgumentException("Field \"role\" is required: VIEWER, OPERATOR or ADMIN");
		}
		Object expires = body.get("expiresAt");
		Instant expiresAt;
		try {
			expiresAt = (expires != null) ? Instant.parse(String.valueOf(expires)) : null;
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"Field \"expiresAt\" must be an ISO-8601 instant such as 2027-01-31T09:00:00Z");
		}
		return this.tokens.create(n, r, TokenAdministration.mintedBy(caller), expiresAt);
	}

	@DeleteMapping("/{tokenId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String tokenId) {
		if (!this.tokens.revoke(tokenId)) {
			throw new NotFoundException("No active token with id " + tokenId);
		}
	}

}
