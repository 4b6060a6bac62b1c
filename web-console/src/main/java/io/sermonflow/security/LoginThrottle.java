package io.sermonflow.security;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows password guessing, on the console's form and the API's Basic alike: after
 * {@value #MAX_FAILURES_PER_USER} failed sign-ins for one name, or
 * {@value #MAX_FAILURES_PER_ADDRESS} from one address, further attempts are refused
 * unchecked until {@link #LOCK} has passed since the last failure. Kept per node, in
 * memory: an attacker spread over nodes gets at most that many tries per node.
 */
final class LoginThrottle implements AuthenticationProvider {

	static final int MAX_FAILURES_PER_USER = 5;

	static final int MAX_FAILURES_PER_ADDRESS = 20;

	static final Duration LOCK = Duration.ofMinutes(15);

	private final AuthenticationProvider delegate;

	private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
		.expireAfterWrite(LOCK)
		.maximumSize(100_000)
		.build();

	LoginThrottle(AuthenticationProvider delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = "user:" + String.valueOf(authentication.getName()).toLowerCase(Locale.ROOT);
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? "address:" + details.getRemoteAddress() : null;
		if (count(user) >= MAX_FAILURES_PER_USER || (address != null && count(address) >= MAX_FAILURES_PER_ADDRESS)) {
			throw new LockedException("Too many failed sign-ins. Try again in " + LOCK.toMinutes() + " minutes.");
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			if (result != null) {
				this.failures.invalidate(user);
			}
			return result;
		}
		catch (BadCredentialsException ex) {
			failed(user);
			if (address != null) {
				failed(address);
			}
			throw ex;
		}
	}

	private int count(String key) {
		AtomicInteger count = this.failures.getIfPresent(key);
		return (count != null) ? count.get() : 0;
	}

	private void failed(String key) {
		// re-put, so the lock runs from the last failure
		AtomicInteger count = this.failures.get(key, (k) -> new AtomicInteger());
		count.incrementAndGet();
		this.failures.put(key, count);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
