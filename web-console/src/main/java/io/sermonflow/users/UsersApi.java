package io.sermonflow.users;

import java.util.List;
import java.util.Map;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.security.SignInFailures;
import io.sermonflow.security.StaffUser;
import io.sermonflow.security.UserAdministration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/users} (ADMIN): staff accounts. Passwords are never shown. */
@RestController
@RequestMapping("/api/users")
class UsersApi {

	private final UserAdministration users;

	private final SignInFailures signInFailures;

	UsersApi(UserAdministration users, SignInFailures signInFailures) {
		this.users = users;
		this.signInFailures = signInFailures;
	}

	@GetMapping
	List<StaffUser> list() {
		return this.users.list();
	}

	/** Failed sign-ins counted now, per name and address and per address. */
	@GetMapping("/sign-in-failures")
	List<SignInFailures.Failures> signInFailures() {
		return this.signInFailures.list();
	}

	/** Clears a count ({@code key} as listed), so sign-ins from there go on at once. */
	@DeleteMapping("/sign-in-failures")
	ResponseEntity<Void> clearSignInFailures(@RequestParam String key) {
		if (!this.signInFailures.clear(key)) {
			throw new NotFoundException("No failed sign-ins counted under " + key);
		}
		return ResponseEntity.noContent().build();
	}

	@PostMapping
	ResponseEntity<StaffUser> create(@RequestBody Map<String, Object> body) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.users.create(text(body, "username"), text(body, "password"), text(body, "role")));
	}

	@PatchMapping("/{username}")
	StaffUser update(@PathVariable String username, @RequestBody Map<String, Object> body) {
		Object disabled = body.get("disabled");
		if (disabled != null && !(disabled instanceof Boolean)) {
			throw new IllegalArgumentException("Field \"disabled\" must be true or false.");
		}
		if (!this.users.update(username, text(body, "role"), text(body, "password"), (Boolean) disabled)) {
			throw new NotFoundException("No user named \"" + username + "\".");
		}
		return this.users.list().stream().filter((u) -> u.username().equals(username)).findFirst().orElseThrow();
	}

	private static String text(Map<String, Object> body, String field) {
		Object value = body.get(field);
		if (value != null && !(value instanceof String)) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be a string.");
		}
		return (String) value;
	}

}
