package io.sermonflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.control.RunActions;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.RunStats;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-DAG gauges an operator's alerts read: when a DAG last succeeded, and for a DAG
 * that never has, the installation's age, so "overdue" fires for it too.
 */
@EngineTest
class DagMetricsTest {

	@Autowired
	MeterRegistry registry;

	@Autowired
	RunStats stats;

	@Autowired
	RunStore runs;

	@Autowired
	RunActions actions;

	@Test
	void a_dag_that_never_succeeded_reports_the_installation_time_as_its_last_success() {
		// one of its runs fails: still no success to report
		Runs.awaitStatus(this.runs, this.actions.trigger("test-always-fails", Map.of()), RunStatus.FAILED);

		Instant installed = this.stats.installedAt();
		assertThat(installed).isBefore(Instant.now());
		assertThat(lastSuccess("test-always-fails")).isEqualTo(installed.toEpochMilli() / 1000.0);
	}

	@Test
	void a_dag_that_succeeded_reports_when_its_latest_success_ended() {
		String runId = this.actions.trigger("test-ping", Map.of());
		Runs.awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);

		Instant ended = this.stats.lastSucceededAt("test-ping");
		assertThat(ended).isAfterOrEqualTo(this.runs.find(runId).orElseThrow().endedAt());
		// the gauge reads the database at most every 10 s
		double installed = this.stats.installedAt().toEpochMilli() / 1000.0;
		await().atMost(Duration.ofSeconds(30)).until(() -> lastSuccess("test-ping") > installed);
		assertThat(lastSuccess("test-ping")).isLessThanOrEqualTo(Instant.now().toEpochMilli() / 1000.0);
	}

	private double lastSuccess(String dagId) {
		return this.registry.get("sermonflow.dag.last.success").tag("dag", dagId).gauge().value();
	}

}
