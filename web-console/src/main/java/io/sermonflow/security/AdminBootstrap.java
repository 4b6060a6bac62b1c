package io.sermonflow.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The built-in {@code admin}. With {@code SERMONFLOW_ADMIN_PASSWORD} (at least 12
 * characters, or the application refuses to start) its password is that one, set again
 * when it differs; without it a password is generated at the first start and written to a
 * file only this user can read, under the data directory, whose place the log says.
 * Neither re-enables a disabled admin nor gives back a role taken away: those are staff
 * decisions, not start-up's.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	static final String ADMIN = "admin";

	/** Where a generated password is kept, under the data directory. */
	static final String PASSWORD_FILE = "admin-password";

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final StaffUsers users;

	private final String configuredPassword;

	private final Path dataDir;

	AdminBootstrap(StaffUsers users, @Value("${sermonflow.admin-password:}") String configuredPassword,
			@Value("${sermonflow.data-dir:./.sermonflow/data}") Path dataDir) {
		this.users = users;
		this.configuredPassword = configuredPassword;
		this.dataDir = dataDir;
		if (!configuredPassword.isBlank() && configuredPassword.length() < UserAdministration.MIN_PASSWORD_LENGTH) {
			throw new IllegalStateException("SERMONFLOW_ADMIN_PASSWORD must be at least "
					+ UserAdministration.MIN_PASSWORD_LENGTH + " characters; choose a longer one");
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.configuredPassword.isBlank()) {
			if (this.users.create(ADMIN, this.configuredPassword, Role.ADMIN)) {
				log.info("Admin user created with the password in SERMONFLOW_ADMIN_PASSWORD");
			}
			else if (!this.users.passwordMatches(ADMIN, this.configuredPassword)) {
				this.users.setPassword(ADMIN, this.configuredPassword);
				log.info("Admin password set from SERMONFLOW_ADMIN_PASSWORD; the admin's sessions end");
			}
			return;
		}
		if (this.users.exists(ADMIN)) {
			return;
		}
		byte[] secret = new byte[18];
		new SecureRandom().nextBytes(secret);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		Path file = writeOwnerOnly(password);
		this.users.create(ADMIN, password, Role.ADMIN);
		log.warn(
				"Admin user created with a generated password, kept in {} (readable only by this user); "
						+ "sign in as admin with it, then change it or set SERMONFLOW_ADMIN_PASSWORD",
				file.toAbsolutePath());
	}

	private Path writeOwnerOnly(String password) {
		try {
			Files.createDirectories(this.dataDir);
			Path file = this.dataDir.resolve(PASSWORD_FILE);
			Files.deleteIfExists(file);
			Files.createFile(file,
					PosixFilePermissions.asFileAttribute(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
							java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
			Files.writeString(file, password + "\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep the generated admin password in " + this.dataDir, ex);
		}
	}

}
