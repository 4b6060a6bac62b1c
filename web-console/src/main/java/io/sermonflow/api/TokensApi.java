package io.sermonflow.api;

import java.util.Map;

import io.sermonflow.security.TokenAdministration;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
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
		return this.tokens.create(n, r, caller.getName());
	}

	@DeleteMapping("/{tokenId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String tokenId) {
		if (!this.tokens.revoke(tokenId)) {
			throw new NotFoundException("No active token with id " + tokenId);
		}
	}

}
