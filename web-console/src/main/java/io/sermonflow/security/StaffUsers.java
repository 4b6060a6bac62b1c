package io.sermonflow.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * Staff accounts: a username, a password hash, a role, and a credentials version that
 * every change of password, role or standing raises, so sessions signed in under an older
 * one end.
 */
@Repository
class StaffUsers implements UserDetailsService {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final Clock clock;

	StaffUsers(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.clock = clock;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return this.jdbc.sql("SELECT username, password_hash, role, disabled FROM sf_user WHERE username = ?")
			.param(username)
			.query((rs, i) -> User.withUsername(rs.getString("username"))
				.password(rs.getString("password_hash"))
				.authorities(List.of(new SimpleGrantedAuthority(Role.valueOf(rs.getString("role")).authority())))
				.disabled(rs.getBoolean("disabled"))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
	}

	boolean exists(String username) {
		return this.jdbc.sql("SELECT count(*) FROM sf_user WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single() > 0;
	}

	/** Whether the password is the user's (false when there is no such user). */
	boolean passwordMatches(String username, String password) {
		return this.jdbc.sql("SELECT password_hash FROM sf_user WHERE username = ?")
			.param(username)
			.query(String.class)
			.optional()
			.map((hash) -> this.passwords.matches(password, hash))
			.orElse(false);
	}

	/**
	 * The user's credentials version, and whether the account may sign in: empty when
	 * there is no such user.
	 */
	Optional<Standing> standing(String username) {
		return this.jdbc.sql("SELECT credentials_version, role, disabled FROM sf_user WHERE username = ?")
			.param(username)
			.query((rs, i) -> new Standing(rs.getInt("credentials_version"), Role.valueOf(rs.getString("role")),
					rs.getBoolean("disabled")))
			.optional();
	}

	/** A user's credentials version, role and standing as stored now. */
	record Standing(int credentialsVersion, Role role, boolean disabled) {
	}

	List<StaffUser> list() {
		return this.jdbc.sql("SELECT username, role, disabled, created_at FROM sf_user ORDER BY username")
			.query((rs, i) -> new StaffUser(rs.getString("username"), Role.valueOf(rs.getString("role")),
					rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	Optional<StaffUser> find(String username) {
		return list().stream().filter((user) -> user.username().equals(username)).findFirst();
	}

	/** Creates a user; false when the name is taken. */
	boolean create(String username, String password, Role role) {
		return this.jdbc.sql("""
				INSERT INTO sf_user (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (username) DO NOTHING""")
			.params(username, this.passwords.encode(password), role.name(), Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	boolean setRole(String username, Role role) {
		return this.jdbc.sql("""
				UPDATE sf_user SET role = ?, credentials_version = credentials_version + 1
				WHERE username = ? AND role <> ?""").params(role.name(), username, role.name()).update() == 1;
	}

	boolean setPassword(String username, String password) {
		return this.jdbc.sql("""
				UPDATE sf_user SET password_hash = ?, credentials_version = credentials_version + 1
				WHERE username = ?""").params(this.passwords.encode(password), username).update() == 1;
	}

	boolean setDisabled(String username, boolean disabled) {
		return this.jdbc.sql("""
				UPDATE sf_user SET disabled = ?, credentials_version = credentials_version + 1
				WHERE username = ? AND disabled <> ?""").params(disabled, username, disabled).update() == 1;
	}

	long activeAdmins() {
		return this.jdbc.sql("SELECT count(*) FROM sf_user WHERE role = 'ADMIN' AND NOT disabled")
			.query(Long.class)
			.single();
	}

}
