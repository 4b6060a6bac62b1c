package io.sermonflow.security;

/** Staff roles, each including the ones before it: reads, actions, administration. */
public enum Role {

	VIEWER, OPERATOR, ADMIN;

	String authority() {
		return "ROLE_" + name();
	}

	/** Whether a caller holds this role itself (not only one below it). */
	public boolean heldBy(org.springframework.security.core.Authentication caller) {
		return caller != null
				&& caller.getAuthorities().stream().anyMatch((granted) -> authority().equals(granted.getAuthority()));
	}

	public static Role parse(String value) {
		try {
			return Role.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Field \"role\" must be one of VIEWER, OPERATOR, ADMIN");
		}
	}

}
