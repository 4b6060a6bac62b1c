package io.sermonflow.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in staff member and which actions to offer them. The server enforces roles
 * on every route; this only decides what a page shows.
 */
public record Viewer(String name, boolean canOperate, boolean isAdmin) {

	public static Viewer of(Authentication authentication) {
		if (authentication == null) {
			return new Viewer("", false, false);
		}
		boolean admin = has(authentication, "ROLE_ADMIN");
		return new Viewer(authentication.getName(), admin || has(authentication, "ROLE_OPERATOR"), admin);
	}

	private static boolean has(Authentication authentication, String authority) {
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

}
