package io.sermonflow.users;

import io.sermonflow.security.SignInFailures;
import io.sermonflow.security.TokenAdministration;
import io.sermonflow.security.UserAdministration;
import io.sermonflow.web.ConsolePage;

import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users and API tokens (ADMIN): create users, set roles, reset passwords, disable; create
 * tokens (shown once) and revoke them.
 */
@ConsolePage
class AdminPages {

	private final UserAdministration users;

	private final TokenAdministration tokens;

	private final SignInFailures signInFailures;

	AdminPages(UserAdministration users, TokenAdministration tokens, SignInFailures signInFailures) {
		this.users = users;
		this.tokens = tokens;
		this.signInFailures = signInFailures;
	}

	@GetMapping("/console/users")
	String users(Model model) {
		model.addAttribute("users", this.users.list());
		model.addAttribute("tokens", this.tokens.list());
		model.addAttribute("signInFailures", this.signInFailures.list());
		return "console/users";
	}

	/** Clears failed sign-ins of a name from an address, or of an address. */
	@PostMapping("/console/users/sign-in-failures/clear")
	String clearSignInFailures(@RequestParam String key, RedirectAttributes flash) {
		boolean cleared = this.signInFailures.clear(key);
		flash.addFlashAttribute(cleared ? "notice" : "problem",
				cleared ? "Cleared: sign-ins from there go on at once." : "That count had lapsed already.");
		return "redirect:/console/users";
	}

	@PostMapping("/console/users")
	String create(@RequestParam String username, @RequestParam String password, @RequestParam String role,
			RedirectAttributes flash) {
		try {
			this.users.create(username, password, role);
			flash.addFlashAttribute("notice", "User " + username + " created.");
		}
		catch (IllegalArgumentException | UserAdministration.UserExistsException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/users";
	}

	@PostMapping("/console/users/{username}")
	String update(@PathVariable String username, @RequestParam(required = false) String role,
			@RequestParam(required = false) String password, @RequestParam(required = false) Boolean disabled,
			RedirectAttributes flash) {
		try {
			String newPassword = (password != null && !password.isEmpty()) ? password : null;
			if (this.users.update(username, (role != null && !role.isBlank()) ? role : null, newPassword, disabled)) {
				flash.addFlashAttribute("notice", "User " + username + " updated.");
			}
			else {
				flash.addFlashAttribute("problem", "There is no user " + username + ".");
			}
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/users";
	}

	@PostMapping("/console/tokens")
	String createToken(@RequestParam String name, @RequestParam String role,
			@RequestParam(required = false) String expires, Authentication viewer, Model model,
			RedirectAttributes flash) {
		if (name.isBlank() || name.length() > 200) {
			flash.addFlashAttribute("problem", "Give the token a name of up to 200 characters.");
			return "redirect:/console/users";
		}
		try {
			// rendered, not redirected: the token is shown this once and kept nowhere
			// a date: the token works until the end of that day (UTC)
			java.time.Instant expiresAt = (expires != null && !expires.isBlank())
					? java.time.LocalDate.parse(expires).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
					: null;
			model.addAttribute("created",
					this.tokens.create(name, role, TokenAdministration.mintedBy(viewer), expiresAt));
			model.addAttribute("tokenName", name);
			return "console/token-created";
		}
		catch (IllegalArgumentException | java.time.format.DateTimeParseException ex) {
			flash.addFlashAttribute("problem", (ex instanceof java.time.format.DateTimeParseException)
					? "The expiry must be a date such as 2027-01-31." : ex.getMessage());
			return "redirect:/console/users";
		}
	}

	@PostMapping("/console/tokens/{tokenId}/revoke")
	String revoke(@PathVariable String tokenId, RedirectAttributes flash) {
		boolean revoked = this.tokens.revoke(tokenId);
		flash.addFlashAttribute(revoked ? "notice" : "problem",
				revoked ? "Token revoked: calls with it now get 401." : "That token was already revoked.");
		return "redirect:/console/users";
	}

}
