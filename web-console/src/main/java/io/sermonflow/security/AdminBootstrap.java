package io.sermonflow.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The built-in {@code admin}: its password is {@code SERMONFLOW_ADMIN_PASSWORD}, applied
 * at every start; without it a password is generated at the first start and printed once.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	static final String ADMIN = "admin";

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final StaffUsers users;

	private final String configuredPassword;

	AdminBootstrap(StaffUsers users, @Value("${sermonflow.admin-password:}") String configuredPassword) {
		this.users = users;
		this.configuredPassword = configuredPassword;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.configuredPassword.isBlank()) {
			this.users.save(ADMIN, this.configuredPassword, Role.ADMIN);
			log.info("Admin password set from SERMONFLOW_ADMIN_PASSWORD");
			return;
		}
		if (this.users.exists(ADMIN)) {
			return;
		}
		byte[] secret = new byte[18];
		new SecureRandom().nextBytes(secret);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.users.save(ADMIN, password, Role.ADMIN);
		// printed, not logged: it must reach the operator once without landing in log
		// files
		System.out.println();
		System.out.println("  Sermonflow admin user created. Username: admin  Password: " + password);
		System.out.println("  (shown once; set SERMONFLOW_ADMIN_PASSWORD to choose it)");
		System.out.println();
	}

}
