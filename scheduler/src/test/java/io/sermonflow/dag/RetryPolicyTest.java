package io.sermonflow.dag;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

	private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(5));

	@Test
	void backs_off_exponentially_up_to_the_cap() {
		assertThat(this.policy.delayBefore(2, () -> 0.999999)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.delayBefore(3, () -> 0.999999)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.delayBefore(4, () -> 0.999999)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.policy.delayBefore(5, () -> 0.999999)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.delayBefore(30, () -> 0.999999)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void jitter_scales_the_delay_between_half_and_all_of_it() {
		assertThat(this.policy.delayBefore(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.delayBefore(3, () -> 0.5)).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void counts_the_first_attempt_and_the_retries() {
		assertThat(this.policy.maxAttempts()).isEqualTo(6);
		assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
	}

	@Test
	void refuses_a_backoff_that_shrinks() {
		assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(5), 2, Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
