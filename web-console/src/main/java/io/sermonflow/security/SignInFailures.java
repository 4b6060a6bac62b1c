package io.sermonflow.security;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sign-in failures {@link SignInGuard} counts, as an ADMIN sees and clears them: a
 * name from one address, or one address for any name.
 */
@Repository
public class SignInFailures {

	private final JdbcClient jdbc;

	SignInFailures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The counts not lapsed yet, the most recent first. */
	public List<Failures> list() {
		return this.jdbc.sql("""
				SELECT key, kind, username, address, failures, last_at, blocked_until,
				       COALESCE(blocked_until > now(), FALSE) AS blocked
				FROM sf_sign_in_failure
				WHERE failures > 0 AND last_at > now() - make_interval(secs => ?)
				ORDER BY last_at DESC LIMIT 200""")
			.param((double) SignInGuard.FORGET_AFTER.toSeconds())
			.query((rs, i) -> new Failures(rs.getString("key"), rs.getString("kind"), rs.getString("username"),
					rs.getString("address"), rs.getInt("failures"), rs.getTimestamp("last_at").toInstant(),
					(rs.getTimestamp("blocked_until") != null) ? rs.getTimestamp("blocked_until").toInstant() : null,
					rs.getBoolean("blocked")))
			.list();
	}

	/**
	 * Clears a count, so sign-ins from there go on at once; false when there was none.
	 */
	public boolean clear(String key) {
		return this.jdbc.sql("DELETE FROM sf_sign_in_failure WHERE key = ?").param(key).update() == 1;
	}

	/**
	 * Failed sign-ins of one name from one address ({@code PAIR}) or from one address
	 * ({@code ADDRESS}); attempts wait until {@code blockedUntil}, and {@code blocked}
	 * says whether that is still ahead by the database's clock, which dates the blocks.
	 */
	public record Failures(String key, String kind, String username, String address, int failures, Instant lastAt,
			Instant blockedUntil, boolean blocked) {
	}

}
