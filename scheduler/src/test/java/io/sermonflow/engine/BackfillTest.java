package io.sermonflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.sermonflow.backfill.Backfill;
import io.sermonflow.backfill.Backfills;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Backfills in the engine: a run per item at a bounded rate, one group, cancellable. */
@EngineTest
class BackfillTest {

	@Autowired
	Backfills backfills;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Test
	void a_backfill_runs_every_item_no_faster_than_its_rate_and_counts_its_progress() {
		Backfill started = this.backfills.start("test-watched", Collections.nCopies(5, Map.of()), 120);
		assertThat(started.items()).isEqualTo(5);
		String id = started.backfillId();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.backfills.find(id).orElseThrow().finished() == 5);
		assertThat(this.backfills.find(id).orElseThrow().runs()).containsEntry("SUCCEEDED", 5);
		assertThat(this.runs.list(new RunQuery(null, null, null, 100, id))).hasSize(5);

		// no run starts before its turn: 120 a minute is one every 500 ms
		List<Instant[]> turns = this.jdbc
			.sql("SELECT not_before, started_at FROM sf_run WHERE backfill_id = ? ORDER BY not_before")
			.param(id)
			.query((rs, i) -> new Instant[] { rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant() })
			.list();
		assertThat(turns).hasSize(5);
		for (int i = 0; i < turns.size(); i++) {
			assertThat(turns.get(i)[1]).isAfterOrEqualTo(turns.get(i)[0]);
			if (i > 0) {
				assertThat(Duration.between(turns.get(i - 1)[0], turns.get(i)[0])).isEqualTo(Duration.ofMillis(500));
			}
		}
	}

	@Test
	void cancelling_a_backfill_cancels_the_runs_that_have_not_started_and_says_why_they_waited() {
		String id = this.backfills.start("test-watched", Collections.nCopies(20, Map.of()), 6).backfillId();
		Run waiting = this.runs.list(new RunQuery(null, RunStatus.QUEUED, null, 1, id)).get(0);
		assertThat(waiting.waitingReason()).startsWith("backfill " + id + ": starts at");

		int cancelledNow = this.backfills.cancel(id);
		assertThat(cancelledNow).isGreaterThanOrEqualTo(18);
		Backfill cancelled = this.backfills.find(id).orElseThrow();
		assertThat(cancelled.cancelledAt()).isNotNull();
		assertThat(cancelled.runs()).doesNotContainKey("QUEUED").containsEntry("CANCELLED", cancelledNow);
	}

}
