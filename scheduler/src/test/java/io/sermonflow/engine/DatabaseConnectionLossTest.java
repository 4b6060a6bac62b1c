package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sermonflow.control.RunActions;
import io.sermonflow.launch.TaskSlots;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL connections killed mid-run ({@code pg_terminate_backend}): runs resume by
 * themselves.
 */
@EngineTest
class DatabaseConnectionLossTest {

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TaskSlots slots;

	@Test
	void runs_resume_after_every_database_connection_is_killed() {
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			runIds.add(this.actions.trigger("test-chain", Map.of()));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_task WHERE run_id IN (:ids) AND status = 'SUCCEEDED'")
				.param("ids", runIds)
				.query(Long.class)
				.single() >= 2);
		Long killed = this.jdbc.sql("""
				SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()""").query(Long.class).single();
		assertThat(killed).isPositive();
		// the first reads after the kill may meet a connection the pool has not yet
		// dropped
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> runIds.stream()
				.allMatch((id) -> this.runs.find(id).orElseThrow().status() == RunStatus.SUCCEEDED));
		// no task slot was lost to a step whose end could not be recorded
		await().atMost(Duration.ofSeconds(60)).until(() -> this.slots.workers().free() == this.slots.capacity());
	}

}
