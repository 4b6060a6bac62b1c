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

/** Staff accounts: a username, a password hash, a role. */
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

	/** Creates the user, or sets the password and role of an existing one. */
	void save(String username, String password, Role role) {
		this.jdbc.sql("""
				INSERT INTO sf_user (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role,
				                                     disabled = FALSE""")
			.params(username, this.passwords.encode(password), role.name(), Timestamp.from(this.clock.instant()))
			.update();
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
		return this.jdbc.sql("UPDATE sf_user SET role = ? WHERE username = ?")
			.params(role.name(), username)
			.update() == 1;
	}

	boolean setPassword(String username, String password) {
		return this.jdbc.sql("UPDATE sf_user SET password_hash = ? WHERE username = ?")
			.params(this.passwords.encode(password), username)
			.update() == 1;
	}

	boolean setDisabled(String username, boolean disabled) {
		return this.jdbc.sql("UPDATE sf_user SET disabled = ? WHERE username = ?")
			.params(disabled, username)
			.update() == 1;
	}

	long activeAdmins() {
		return this.jdbc.sql("SELECT count(*) FROM sf_user WHERE role = 'ADMIN' AND NOT disabled")
			.query(Long.class)
			.single();
	}

}
