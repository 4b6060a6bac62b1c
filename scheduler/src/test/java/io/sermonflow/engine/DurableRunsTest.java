package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.sermonflow.control.RunActions;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN.md §2–3 in the engine alone, on the real PostgreSQL, Spring Batch and Quartz:
 * retries from the failed task, memoisation, onFailure once, parallel branches, chunk
 * restarts, cancel and clear, result limits and timeouts.
 */
@EngineTest
class DurableRunsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	TestDags.Ledger ledger;

	@Autowired
	JdbcClient jdbc;

	@Test
	void retries_a_failed_run_from_the_failed_task_reusing_completed_results() {
		String runId = this.actions.trigger("test-memo", Map.of());
		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(run.attempt()).isEqualTo(2);
		// the side-effect ledger: t1 ran once, t2 twice (failed, then passed), t3 once
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t2")).isEqualTo(2);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(1);
		assertThat(output(run, "t2").get("fromT1").asInt()).isEqualTo(1);
		assertThat(task(run, "t2").attempts()).isEqualTo(2);
		// one JobInstance, two executions: the retry was a Spring Batch restart
		assertThat(batchExecutionStatuses(runId)).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void on_failure_runs_exactly_once_after_the_last_attempt_and_again_after_an_operator_retry() {
		String runId = this.actions.trigger("test-always-fails", Map.of());
		Run run = awaitOnFailureDone(runId, 3);
		assertThat(this.ledger.get(runId + ":doomed")).isEqualTo(3);
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		assertThat(JSON.readTree(run.onFailure().resultJson()).get("calls").asInt()).isEqualTo(1);
		assertThat(task(run, "after").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);

		// an operator retry is a new attempt; its failure calls onFailure once more, not
		// twice for the old one
		this.actions.retry(runId);
		awaitOnFailureDone(runId, 4);
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(2);
	}

	@Test
	void parallel_branches_really_overlap_in_time() {
		Run run = awaitStatus(this.actions.trigger("test-parallel", Map.of()), RunStatus.SUCCEEDED);
		TaskRun left = task(run, "left");
		TaskRun right = task(run, "right");
		assertThat(left.startedAt()).isBefore(right.endedAt());
		assertThat(right.startedAt()).isBefore(left.endedAt());
		assertThat(task(run, "join").startedAt()).isAfterOrEqualTo(left.endedAt()).isAfterOrEqualTo(right.endedAt());
		assertThat(run.tasks()).extracting(TaskRun::taskId).containsExactly("start", "left", "right", "join");
	}

	@Test
	void a_chunk_step_restarts_mid_way_without_writing_an_item_twice() {
		String runId = this.actions.trigger("test-chunk", Map.of());
		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(run.attempt()).isEqualTo(2);
		List<Integer> written = new ArrayList<>(this.ledger.written(runId));
		assertThat(written).containsExactlyElementsOf(IntStream.range(0, TestDags.CHUNK_ITEMS).boxed().toList());
		// the second attempt resumed after the two committed chunks (20 items)
		assertThat(output(run, "numbers").get("written").asInt()).isEqualTo(30);
		assertThat(task(run, "numbers").progressDone()).isEqualTo(TestDags.CHUNK_ITEMS);
	}

	@Test
	void cancel_stops_a_chunk_step_at_a_chunk_boundary_restartably_and_clear_finishes_it() {
		String runId = this.actions.trigger("test-slow-chunk", Map.of());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.ledger.written(runId).size() >= 3);
		this.actions.cancel(runId);
		Run run = awaitStatus(runId, RunStatus.CANCELLED);
		assertThat(task(run, "slow").status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(this.ledger.written(runId).size()).isLessThan(40);
		// the Spring Batch 6 trap: a stop racing a running step can leave UNKNOWN; ours
		// ends STOPPED
		assertThat(batchExecutionStatuses(runId)).containsExactly("STOPPED");
		assertThat(batchStepStatuses(runId)).containsOnly("STOPPED");

		this.actions.clear(runId, "slow");
		Run finished = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(finished.generation()).isEqualTo(2);
	}

	@Test
	void clearing_a_task_reruns_it_and_its_downstream_keeping_upstream_results() {
		String runId = this.actions.trigger("test-memo", Map.of("neverFail", true));
		awaitStatus(runId, RunStatus.SUCCEEDED);
		this.actions.clear(runId, "t2");
		Run cleared = this.runs.find(runId).orElseThrow();
		assertThat(cleared.generation()).isEqualTo(2);
		assertThat(task(cleared, "t1").status()).isEqualTo(TaskStatus.SUCCEEDED);

		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t2")).isEqualTo(2);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(2);
		assertThat(output(run, "t2").get("fromT1").asInt()).isEqualTo(1);
		// a new generation is a new JobInstance: its own COMPLETED execution
		Long instances = this.jdbc.sql("""
				SELECT count(DISTINCT i.job_instance_id) FROM batch_job_instance i
				JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ?""").param(runId).query(Long.class).single();
		assertThat(instances).isEqualTo(2);
	}

	@Test
	void a_result_over_the_size_limit_fails_the_task_permanently_with_a_clear_message() {
		Run run = awaitStatus(this.actions.trigger("test-big-result", Map.of()), RunStatus.FAILED);
		TaskRun.TaskError error = task(run, "huge").error();
		assertThat(error.retryable()).isFalse();
		assertThat(error.message()).contains("the limit is 1048576").contains("by reference");
	}

	@Test
	void a_run_past_its_timeout_is_stopped_in_its_running_task_and_fails_permanently() {
		Run run = awaitStatus(this.actions.trigger("test-timeout", Map.of()), RunStatus.FAILED);
		assertThat(run.attempt()).isEqualTo(1);
		TaskRun slow = task(run, "slow");
		assertThat(slow.error().message())
			.isEqualTo("The run exceeded its timeout of 1 s during task 'slow'; the task was stopped");
		assertThat(slow.error().retryable()).isFalse();
		assertThat(task(run, "late").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
	}

	private Run awaitStatus(String runId, RunStatus status) {
		return Runs.awaitStatus(this.runs, runId, status);
	}

	/** Waits for the run to fail at this attempt and its onFailure work to end. */
	private Run awaitOnFailureDone(String runId, int attempt) {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			Run run = this.runs.find(runId).orElseThrow();
			return run.status() == RunStatus.FAILED && run.attempt() == attempt && run.onFailure() != null
					&& !"RUNNING".equals(run.onFailure().status()) && !"PENDING".equals(run.onFailure().status());
		});
		return this.runs.find(runId).orElseThrow();
	}

	private static TaskRun task(Run run, String taskId) {
		return Runs.task(run, taskId);
	}

	private static JsonNode output(Run run, String taskId) {
		return JSON.readTree(task(run, taskId).outputJson());
	}

	private List<String> batchExecutionStatuses(String runId) {
		return this.jdbc.sql("""
				SELECT e.status FROM batch_job_execution e
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ? ORDER BY e.job_execution_id""")
			.param(runId)
			.query(String.class)
			.list();
	}

	private List<String> batchStepStatuses(String runId) {
		return this.jdbc.sql("""
				SELECT s.status FROM batch_step_execution s
				JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ?""").param(runId).query(String.class).list();
	}

}
