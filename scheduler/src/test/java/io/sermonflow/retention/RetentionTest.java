package io.sermonflow.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void purges_in_batches_of_the_configured_size_until_a_batch_comes_back_short() {
		Rows logs = new Rows(Retained.TASK_LOGS, 25);
		Retention retention = retention(properties(10), logs);

		Retention.Pass pass = retention.purge();

		assertThat(logs.limits).containsExactly(10, 10, 10);
		assertThat(pass.purged()).containsEntry(Retained.TASK_LOGS, 25L);
		assertThat(this.meters.counter("sermonflow.retention.purged", "kind", "task-logs").count()).isEqualTo(25.0);
	}

	@Test
	void each_kind_reaches_back_to_its_own_horizon() {
		Rows runs = new Rows(Retained.RUNS, 0);
		Rows audit = new Rows(Retained.AUDIT, 0);
		retention(properties(10), runs, audit).purge();

		assertThat(runs.cutoffs).containsOnly(NOW.minus(Duration.ofDays(90)));
		assertThat(audit.cutoffs).containsOnly(NOW.minus(Duration.ofDays(365)));
	}

	@Test
	void a_pass_stops_after_its_batch_ceiling_and_leaves_the_rest_for_the_next() {
		Rows logs = new Rows(Retained.TASK_LOGS, 1_000_000);
		Retention retention = retention(properties(1), logs);

		assertThat(retention.purge().purged()).containsEntry(Retained.TASK_LOGS, (long) Retention.MAX_BATCHES_PER_PASS);
		assertThat(logs.remaining).isEqualTo(1_000_000 - Retention.MAX_BATCHES_PER_PASS);
	}

	@Test
	void a_kind_that_fails_is_reported_and_the_others_are_still_purged() {
		RetentionTarget broken = new Rows(Retained.EVENTS, 3) {
			@Override
			public int purge(Instant cutoff, int limit) {
				throw new IllegalStateException("deadlock detected");
			}
		};
		Rows audit = new Rows(Retained.AUDIT, 3);

		Retention.Pass pass = retention(properties(10), broken, audit).purge();

		assertThat(pass.failures()).containsEntry(Retained.EVENTS, "deadlock detected");
		assertThat(pass.purged()).containsEntry(Retained.AUDIT, 3L);
		assertThat(audit.remaining).isZero();
	}

	@Test
	void the_preview_counts_without_removing() {
		Rows logs = new Rows(Retained.TASK_LOGS, 7);
		List<Retention.Horizon> preview = retention(properties(10), logs).preview();

		assertThat(preview).singleElement().satisfies((h) -> {
			assertThat(h.rows()).isEqualTo(7);
			assertThat(h.days()).isEqualTo(30);
		});
		assertThat(logs.remaining).isEqualTo(7);
	}

	@Test
	void refuses_horizons_that_are_not_positive_or_forget_events_sqs_may_still_deliver() {
		assertThatThrownBy(() -> new RetentionProperties(Duration.ZERO, null, null, null, null, null, null, null, null))
			.hasMessageContaining("sermonflow.retention.runs");
		assertThatThrownBy(
				() -> new RetentionProperties(null, null, Duration.ofDays(7), null, null, null, null, null, null))
			.hasMessageContaining("at least 14 days");
		assertThatThrownBy(() -> new RetentionProperties(null, null, null, null, null, null, null, 0, null))
			.hasMessageContaining("batch-size");
	}

	private Retention retention(RetentionProperties properties, RetentionTarget... targets) {
		return new Retention(List.of(targets), properties, Clock.fixed(NOW, ZoneOffset.UTC), this.meters);
	}

	private static RetentionProperties properties(int batchSize) {
		return new RetentionProperties(null, null, null, null, null, null, null, batchSize, null);
	}

	/** A kind of history with {@code remaining} rows past any cutoff. */
	static class Rows implements RetentionTarget {

		final Retained kind;

		long remaining;

		final List<Integer> limits = new ArrayList<>();

		final List<Instant> cutoffs = new ArrayList<>();

		Rows(Retained kind, long remaining) {
			this.kind = kind;
			this.remaining = remaining;
		}

		@Override
		public Retained kind() {
			return this.kind;
		}

		@Override
		public long count(Instant cutoff) {
			return this.remaining;
		}

		@Override
		public int purge(Instant cutoff, int limit) {
			this.limits.add(limit);
			this.cutoffs.add(cutoff);
			int n = (int) Math.min(limit, this.remaining);
			this.remaining -= n;
			return n;
		}

	}

}
