package io.sermonflow.security;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff accounts for the API and the console (ADMIN): create, set a role, reset a
 * password, disable. The last active admin cannot be demoted or disabled, so the platform
 * is never left without one.
 */
@Service
public class UserAdministration {

	static final int MIN_PASSWORD_LENGTH = 12;

	private final StaffUsers users;

	private final ApiTokens tokens;

	UserAdministration(StaffUsers users, ApiTokens tokens) {
		this.users = users;
		this.tokens = tokens;
	}

	public List<StaffUser> list() {
		return this.users.list();
	}

	/**
	 * @throws IllegalArgumentException naming the field that is missing or invalid
	 * @throws UserExistsException when the name is taken
	 */
	public StaffUser create(String username, String password, String role) {
		String name = username(username);
		Role parsed = Role.parse(required(role, "role"));
		if (!this.users.create(name, password(password), parsed)) {
			throw new UserExistsException(name);
		}
		return this.users.find(name).orElseThrow();
	}

	/** Changes what is given (null fields stay); false when there is no such user. */
	@Transactional
	public boolean update(String username, String role, String password, Boolean disabled) {
		if (this.users.find(username).isEmpty()) {
			return false;
		}
		if (role != null) {
			this.users.setRole(username, Role.parse(role));
		}
		if (password != null) {
			this.users.setPassword(username, password(password));
		}
		if (disabled != null) {
			this.users.setDisabled(username, disabled);
		}
		if (this.users.activeAdmins() == 0) {
			throw new IllegalArgumentException("This would leave no active admin; make another user admin first.");
		}
		// the tokens this user minted may no longer be theirs to hold
		this.tokens.distrustAll();
		return true;
	}

	private static String username(String value) {
		String name = required(value, "username").strip();
		if (!name.matches("[A-Za-z0-9._@-]{2,100}")) {
			throw new IllegalArgumentException(
					"Field \"username\" must be 2 to 100 letters, digits or . _ @ - (no spaces).");
		}
		return name;
	}

	private static String password(String value) {
		if (value == null || value.length() < MIN_PASSWORD_LENGTH) {
			throw new IllegalArgumentException(
					"Field \"password\" must be at least " + MIN_PASSWORD_LENGTH + " characters.");
		}
		if (value.length() > 200) {
			throw new IllegalArgumentException("Field \"password\" must be at most 200 characters.");
		}
		return value;
	}

	private static String required(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Field \"" + field + "\" is required.");
		}
		return value;
	}

	/** A user name that is already taken. */
	public static class UserExistsException extends RuntimeException {

		UserExistsException(String username) {
			super("A user named \"" + username + "\" already exists.");
		}

	}

}
