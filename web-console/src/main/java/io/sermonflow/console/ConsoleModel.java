package io.sermonflow.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page knows of its viewer: the name, and which actions to offer. The
 * server enforces roles on every route; this only decides what to show.
 */
@ControllerAdvice(basePackages = "io.sermonflow.console")
class ConsoleModel {

	@ModelAttribute("viewer")
	Viewer viewer(Authentication authentication) {
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

	/** The signed-in staff member and what their role lets them do. */
	record Viewer(String name, boolean canOperate, boolean isAdmin) {
	}

}
