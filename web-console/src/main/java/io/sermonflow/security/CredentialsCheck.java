package io.sermonflow.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a console session at its next request once its user's credentials changed: a
 * password or role changed, or the user was disabled, since the session signed in. A
 * demoted admin's open session so loses its rights at once; the user signs in again and
 * gets the rights they have now. One indexed read per console request.
 */
final class CredentialsCheck extends OncePerRequestFilter {

	/** The credentials version the session signed in under. */
	static final String VERSION = "sermonflow.credentialsVersion";

	private final StaffUsers users;

	CredentialsCheck(StaffUsers users) {
		this.users = users;
	}

	/** Notes, at sign-in, the credentials version the session holds. */
	static void signedIn(HttpServletRequest request, StaffUsers users, String username) {
		users.standing(username)
			.ifPresent((standing) -> request.getSession().setAttribute(VERSION, standing.credentialsVersion()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		if (session != null && authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)
				&& session.getAttribute(VERSION) instanceof Integer version) {
			boolean current = this.users.standing(authentication.getName())
				.map((standing) -> !standing.disabled() && standing.credentialsVersion() == version)
				.orElse(false);
			if (!current) {
				session.invalidate();
				SecurityContextHolder.clearContext();
				// htmx follows the redirect, sees the sign-in page and reloads
				// (console.js)
				response.sendRedirect(request.getContextPath() + "/login?expired");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
