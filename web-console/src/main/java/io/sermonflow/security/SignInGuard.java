package io.sermonflow.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows password guessing without letting anyone lock a victim out, on the console's form
 * and the API's Basic alike. Failures are counted per (user name, client address) and per
 * client address, in PostgreSQL, so N nodes give no N times the tries: past
 * {@value #FREE_PER_PAIR} failures for a name from one address (or
 * {@value #FREE_PER_ADDRESS} from one address for any names), the next attempt from there
 * must wait 1 s, and each further failure doubles the wait, up to {@link #MAX_DELAY}. The
 * same name from another address is not slowed. An attempt is counted before its password
 * is checked, so guesses sent at once cannot get past the limit together; a success takes
 * its count back. Counts lapse after {@link #FORGET_AFTER} without failures, and an ADMIN
 * can clear them. Behind a reverse proxy the client address is the proxy's
 * {@code X-Forwarded-For} only when the proxy is listed in
 * {@code SERMONFLOW_TRUSTED_PROXIES} (Tomcat's remote IP valve).
 */
final class SignInGuard implements AuthenticationProvider {

	static final int FREE_PER_PAIR = 5;

	static final int FREE_PER_ADDRESS = 20;

	static final Duration MAX_DELAY = Duration.ofMinutes(15);

	static final Duration FORGET_AFTER = Duration.ofMinutes(15);

	private final AuthenticationProvider delegate;

	private final JdbcClient jdbc;

	SignInGuard(AuthenticationProvider delegate, JdbcClient jdbc) {
		this.delegate = delegate;
		this.jdbc = jdbc;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = String.valueOf(authentication.getName()).toLowerCase(Locale.ROOT);
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "unknown";
		String pair = "pair:" + user + "|" + address;
		String perAddress = "address:" + address;
		Optional<Duration> pairWait = count(pair, "PAIR", user, address, FREE_PER_PAIR);
		if (pairWait.isPresent()) {
			throw locked(pairWait.get());
		}
		Optional<Duration> addressWait = count(perAddress, "ADDRESS", null, address, FREE_PER_ADDRESS);
		if (addressWait.isPresent()) {
			uncount(pair, FREE_PER_PAIR);
			throw locked(addressWait.get());
		}
		Authentication result = this.delegate.authenticate(authentication);
		if (result != null) {
			// not a failure after all: the name's count goes, the address's is given back
			this.jdbc.sql("DELETE FROM sf_sign_in_failure WHERE key = ?").param(pair).update();
			uncount(perAddress, FREE_PER_ADDRESS);
		}
		return result;
	}

	/**
	 * Counts an attempt unless the key is waiting out a delay; past the free attempts,
	 * the next one must wait twice as long as the last. Returns how long is left to wait
	 * when the attempt may not be made now.
	 */
	private Optional<Duration> count(String key, String kind, String user, String address, int free) {
		// the failures before this attempt, 0 when they lapsed; this attempt makes one
		// more,
		// and from the free allowance on, the next attempt must wait 1 s, 2 s, 4 s, ...
		String before = "(CASE WHEN f.last_at < now() - make_interval(secs => :forget) THEN 0 ELSE f.failures END)";
		List<Object[]> counted = this.jdbc.sql("""
				INSERT INTO sf_sign_in_failure AS f (key, kind, username, address, failures, last_at, blocked_until)
				VALUES (:key, :kind, :user, :address, 1, now(), NULL)
				ON CONFLICT (key) DO UPDATE SET
				    failures = BEFORE + 1,
				    last_at = now(),
				    blocked_until = CASE WHEN BEFORE + 1 >= :free
				                         THEN now() + make_interval(secs => LEAST(:max,
				                                  power(2, BEFORE + 1 - :free)::double precision))
				                         END
				WHERE f.blocked_until IS NULL OR f.blocked_until <= now()
				RETURNING failures""".replace("BEFORE", before))
			.param("key", key)
			.param("kind", kind)
			.param("user", user)
			.param("address", address)
			.param("forget", (double) FORGET_AFTER.toSeconds())
			.param("free", free)
			.param("max", (double) MAX_DELAY.toSeconds())
			.query((rs, i) -> new Object[] { rs.getInt(1) })
			.list();
		if (!counted.isEmpty()) {
			return Optional.empty();
		}
		Double seconds = this.jdbc
			.sql("SELECT EXTRACT(EPOCH FROM blocked_until - now()) FROM sf_sign_in_failure WHERE key = ?")
			.param(key)
			.query(Double.class)
			.optional()
			.orElse(1.0);
		return Optional.of(Duration.ofMillis(Math.max(1000, Math.round(seconds * 1000))));
	}

	/** Takes back an attempt that was counted but not a failure. */
	private void uncount(String key, int free) {
		this.jdbc.sql("""
				UPDATE sf_sign_in_failure SET failures = greatest(failures - 1, 0),
				       blocked_until = CASE WHEN failures - 1 >= ? THEN blocked_until END
				WHERE key = ?""").params(free, key).update();
	}

	private static LockedException locked(Duration wait) {
		long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
		return new LockedException("Too many failed sign-ins from this address; try again in "
				+ ((seconds < 120) ? seconds + " s" : (seconds / 60) + " min") + ".");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
