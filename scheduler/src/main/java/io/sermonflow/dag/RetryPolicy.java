package io.sermonflow.dag;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often a failed run is tried again and how long it waits: exponential backoff from
 * {@code initialBackoff}, capped at {@code maxBackoff}, with jitter so that runs which
 * failed together do not retry together.
 */
public record RetryPolicy(int retries, Duration initialBackoff, double multiplier, Duration maxBackoff) {

	public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(1), 2, Duration.ofMinutes(10));

	public RetryPolicy {
		if (retries < 0 || retries > 100) {
			throw new IllegalArgumentException("retries must be between 0 and 100");
		}
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || multiplier < 1) {
			throw new IllegalArgumentException("backoff must grow from initialBackoff up to maxBackoff");
		}
	}

	/** Attempts in all: the first plus the retries. */
	public int maxAttempts() {
		return this.retries + 1;
	}

	/**
	 * The wait before attempt {@code nextAttempt} (2 for the first retry): the
	 * exponential delay scaled by a random factor in [0.5, 1) from {@code random}.
	 */
	public Duration delayBefore(int nextAttempt, DoubleSupplier random) {
		double exponential = this.initialBackoff.toMillis() * Math.pow(this.multiplier, Math.max(0, nextAttempt - 2));
		double capped = Math.min(exponential, this.maxBackoff.toMillis());
		return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * random.getAsDouble())));
	}

}
