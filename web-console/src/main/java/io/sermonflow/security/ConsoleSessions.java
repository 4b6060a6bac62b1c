package io.sermonflow.security;

import java.util.OptionalInt;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * Whether a console session still stands, for what outlives a request (a live stream): it
 * stands while it is not signed out and its user's credentials are as they were at
 * sign-in (not disabled, same role and password), the rule {@link CredentialsCheck}
 * applies to each request.
 */
@Component
public class ConsoleSessions {

	private final StaffUsers users;

	ConsoleSessions(StaffUsers users) {
		this.users = users;
	}

	/** The user's credentials version now; empty when disabled or gone. */
	public OptionalInt currentVersion(String username) {
		return this.users.standing(username)
			.filter((standing) -> !standing.disabled())
			.map((standing) -> OptionalInt.of(standing.credentialsVersion()))
			.orElse(OptionalInt.empty());
	}

	/** The version the session signed in under; empty once it is signed out. */
	public static OptionalInt signedInVersion(HttpSession session) {
		try {
			return (session.getAttribute(CredentialsCheck.VERSION) instanceof Integer version) ? OptionalInt.of(version)
					: OptionalInt.empty();
		}
		catch (IllegalStateException ex) {
			// invalidated: signed out, or ended by a credentials change
			return OptionalInt.empty();
		}
	}

}
