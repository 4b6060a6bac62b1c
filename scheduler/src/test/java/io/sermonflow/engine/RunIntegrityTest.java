package io.sermonflow.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.sermonflow.config.NodeLease;
import io.sermonflow.control.DagPauses;
import io.sermonflow.control.RunActions;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.launch.TaskSlots;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.sermonflow.engine.Runs.awaitIdle;
import static io.sermonflow.engine.Runs.maxTaskOverlap;
import static io.sermonflow.engine.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No run stuck, lost or doubled on a failure path, in the engine: onFailure once on every
 * path, timeouts that stop a hung task, task slots, why every waiting run waits, and runs
 * whose DAG changed under them.
 */
@EngineTest
class RunIntegrityTest {

	private static final Duration CEILING = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RunActions actions;

	@Autowired
	DagPauses pauses;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	TestDags.Ledger ledger;

	@Autowired
	RunStore runs;

	@Autowired
	DagRegistry dags;

	@Autowired
	NodeLease lease;

	@Autowired
	TaskSlots slots;

	@BeforeEach
	void unpaused() {
		this.pauses.unpause("test-held", "test");
	}

	@Test
	void a_run_failed_by_its_third_lost_node_runs_on_failure_once_and_publishes_run_failed() {
		String runId = heldRunOnDeadNode(2);
		this.pauses.unpause("test-held", "test");
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.error()).contains("lost its node 3 times");
		assertThat(run.onFailure().status()).isEqualTo("SUCCEEDED");
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_handler_that_was_due_when_its_node_crashed_is_run_by_the_sweep() {
		// as a node that died right after committing the run's failure leaves it
		String runId = heldRun();
		this.jdbc.sql("""
				UPDATE sf_run SET status = 'FAILED', error = 'doomed: it broke', ended_at = now(),
				       on_failure_status = 'PENDING', on_failure_due_at = now()
				WHERE run_id = ?""").param(runId).update();
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.onFailure().status()).isEqualTo("SUCCEEDED");
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_handler_left_running_by_a_dead_node_is_run_again_on_a_live_one() {
		String runId = heldRun();
		this.jdbc.sql("""
				UPDATE sf_run SET status = 'FAILED', error = 'doomed: it broke', ended_at = now(),
				       on_failure_status = 'RUNNING', on_failure_node = 'dead-node', on_failure_attempts = 1,
				       on_failure_at = now()
				WHERE run_id = ?""").param(runId).update();
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.onFailure().status()).isEqualTo("SUCCEEDED");
		assertThat(run.onFailure().attempts()).isEqualTo(2);
		// the dead node's call never committed; the live one's did, once
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_failing_handler_is_recorded_and_retried_with_backoff() {
		String runId = this.actions.trigger("test-flaky-handler", Map.of());
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.onFailure().status()).isEqualTo("SUCCEEDED");
		assertThat(run.onFailure().attempts()).isEqualTo(2);
		assertThat(JSON.readTree(run.onFailure().resultJson()).get("calls").asInt()).isEqualTo(2);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_handler_that_keeps_failing_is_given_up_after_its_attempts_and_run_failed_still_goes_out() {
		String runId = this.actions.trigger("test-hopeless-handler", Map.of());
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.onFailure().status()).isEqualTo("FAILED");
		assertThat(run.onFailure().attempts()).isEqualTo(3);
		assertThat(run.onFailure().error()).contains("the webhook receiver is gone for good");
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(3);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_hung_task_is_stopped_at_its_timeout_with_its_processes_and_the_attempt_is_retried() {
		String runId = this.actions.trigger("test-hung", Map.of());
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.attempt()).isEqualTo(2);
		for (String task : List.of("hang_process", "hang_java")) {
			TaskRun.TaskError error = task(run, task).error();
			assertThat(error.message()).as(task)
				.isEqualTo("Task '" + task + "' timed out after 2 s; it was stopped and its processes killed");
			assertThat(error.retryable()).isTrue();
			assertThat(task(run, task).attempts()).isEqualTo(2);
			assertThat(Duration.between(task(run, task).startedAt(), task(run, task).endedAt()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		}
		// both attempts' shells and the grandchildren they started are dead
		List<Long> pids = new ArrayList<>(this.ledger.processes(runId));
		assertThat(pids).hasSize(4);
		await().atMost(CEILING)
			.until(() -> pids.stream().allMatch((pid) -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true)));
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
	}

	@Test
	void parallel_branches_never_run_more_tasks_at_once_than_the_node_has_workers_and_the_rest_say_why() {
		awaitIdle(this.slots);
		String runId = this.actions.trigger("test-wide", Map.of());
		String expected = "waiting for a worker (2/2 busy on node " + this.lease.nodeId() + ")";
		List<String> seen = new ArrayList<>();
		await().atMost(CEILING).pollInterval(Duration.ofMillis(20)).until(() -> {
			Run run = this.runs.find(runId).orElseThrow();
			for (TaskRun task : run.tasks()) {
				if (task.status() == TaskStatus.QUEUED && run.waitingReason() != null) {
					seen.add(run.waitingReason());
				}
			}
			return !seen.isEmpty() || run.status() == RunStatus.SUCCEEDED;
		});
		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(seen).contains(expected);
		List<TaskRun> branches = List.of("b1", "b2", "b3", "b4").stream().map((b) -> task(run, b)).toList();
		assertThat(maxTaskOverlap(branches)).isEqualTo(2);
		assertThat(run.waitingReason()).isNull();
		assertThat(task(run, "b1").nodeId()).isEqualTo(this.lease.nodeId());
	}

	@Test
	void a_run_queued_while_every_worker_is_busy_says_it_waits_for_a_worker() {
		List<String> busy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			busy.add(this.actions.trigger("test-sleep", Map.of("sleepMs", 4000)));
		}
		await().atMost(CEILING)
			.until(() -> busy.stream()
				.allMatch((id) -> task(this.runs.find(id).orElseThrow(), "sleep").status() == TaskStatus.RUNNING));
		String waiting = this.actions.trigger("test-sleep", Map.of());
		await().atMost(CEILING)
			.until(() -> ("waiting for a worker (2/2 busy on node " + this.lease.nodeId() + ")")
				.equals(this.runs.find(waiting).orElseThrow().waitingReason()));
		for (String id : busy) {
			awaitStatus(id, RunStatus.SUCCEEDED);
		}
		assertThat(awaitStatus(waiting, RunStatus.SUCCEEDED).waitingReason()).isNull();
	}

	@Test
	void a_retry_wait_says_until_when() {
		String runId = this.actions.trigger("test-slow-retry", Map.of());
		Run run = awaitStatus(runId, RunStatus.RETRY_WAIT);
		Instant retryAt = run.retryAt();
		assertThat(run.waitingReason()).startsWith("retry at " + retryAt.toString().substring(0, 19));
		assertThat(run.eligibleAt()).isEqualTo(retryAt);
		assertThat(Duration.between(task(run, "flaky").endedAt(), retryAt)).isBetween(Duration.ofSeconds(4),
				Duration.ofSeconds(11));
		this.actions.cancel(runId);
		Run cancelled = awaitStatus(runId, RunStatus.CANCELLED);
		assertThat(cancelled.waitingReason()).isNull();
		assertThat(cancelled.eligibleAt()).isNull();
	}

	@Test
	void a_run_on_a_node_that_went_silent_says_it_is_being_recovered() throws Exception {
		String runId = heldRun();
		this.jdbc.sql("""
				INSERT INTO sf_node (node_id, roles, started_at, heartbeat_at, lease_until)
				VALUES ('silent-node', 'worker', now() - interval '1 hour', now() - interval '14 seconds',
				        now() + interval '1 hour')
				ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at,
				                                    lease_until = EXCLUDED.lease_until""").update();
		this.jdbc
			.sql("UPDATE sf_run SET status = 'RUNNING', node_id = 'silent-node', epoch = epoch + 1,"
					+ " started_at = now() WHERE run_id = ?")
			.param(runId)
			.update();
		// hold the run's row, so the recovery that follows the lease's end waits while we
		// look
		try (Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (PreparedStatement select = lock.prepareStatement("SELECT 1 FROM sf_run WHERE run_id = ? FOR UPDATE")) {
				select.setString(1, runId);
				select.executeQuery().close();
			}
			this.jdbc.sql("UPDATE sf_node SET lease_until = now() - interval '1 second' WHERE node_id = 'silent-node'")
				.update();
			Run run = this.runs.find(runId).orElseThrow();
			assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
			assertThat(run.waitingReason()).matches("recovering: node silent-node silent for 1\\d s");
			lock.rollback();
		}
		this.pauses.unpause("test-held", "test");
		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(run.nodeId()).isEqualTo(this.lease.nodeId());
	}

	@Test
	void a_run_of_an_older_dag_version_goes_on_when_the_tasks_it_still_needs_exist() {
		Dag memo = this.dags.find("test-memo").orElseThrow();
		// it started when the DAG had a first task that has since been renamed; that one
		// had already succeeded
		String runId = UUID.randomUUID().toString();
		this.runs.create(new NewRun(runId, "test-memo", List.of("old_probe", "t1", "t2", "t3"), null,
				Map.of("neverFail", true), 0, 1, null)
			.ofVersion("0000000000aa"));
		this.jdbc
			.sql("UPDATE sf_task SET status = 'SUCCEEDED', output = '{}' WHERE run_id = ? AND task_id = 'old_probe'")
			.param(runId)
			.update();
		Run run = awaitStatus(runId, RunStatus.SUCCEEDED);
		assertThat(run.dagVersion()).isEqualTo("0000000000aa").isNotEqualTo(memo.version());
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(1);
	}

	@Test
	void a_run_whose_remaining_task_is_gone_from_its_dag_fails_once_naming_it_with_on_failure() {
		String runId = UUID.randomUUID().toString();
		this.runs.create(new NewRun(runId, "test-held", List.of("first", "gone_task"), null, Map.of(), 0, 1, null)
			.ofVersion("0000000000bb"));
		Run run = awaitOnFailureEnded(runId);
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.error()).isEqualTo("DAG 'test-held' changed since the run started (version 0000000000bb, now "
				+ this.dags.find("test-held").orElseThrow().version() + "): task 'gone_task' is no longer in it");
		assertThat(task(run, "gone_task").status()).isEqualTo(TaskStatus.FAILED);
		assertThat(run.onFailure().status()).isEqualTo("SUCCEEDED");
		assertThat(this.ledger.get(runId + ":first")).isZero();
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void the_dag_version_a_run_started_with_is_recorded_and_matches_the_dag() {
		Run run = awaitStatus(this.actions.trigger("test-memo", Map.of("neverFail", true)), RunStatus.SUCCEEDED);
		assertThat(run.dagVersion()).isEqualTo(this.dags.find("test-memo").orElseThrow().version());
	}

	/** A run of test-held, held QUEUED by pausing its DAG. */
	private String heldRun() {
		this.pauses.pause("test-held", "test");
		return this.actions.trigger("test-held", Map.of());
	}

	/**
	 * A run left RUNNING by a node that is gone, its first task RUNNING there, after
	 * {@code earlierRecoveries} earlier losses; its DAG is held paused.
	 */
	private String heldRunOnDeadNode(int earlierRecoveries) {
		String runId = heldRun();
		this.jdbc.sql("""
				UPDATE sf_run SET status = 'RUNNING', node_id = 'dead-node', epoch = epoch + 1, started_at = now(),
				       node_recoveries = ?
				WHERE run_id = ?""").params(earlierRecoveries, runId).update();
		this.jdbc
			.sql("UPDATE sf_task SET status = 'RUNNING', started_at = now() WHERE run_id = ? AND task_id = 'first'")
			.param(runId)
			.update();
		return runId;
	}

	private Run awaitOnFailureEnded(String runId) {
		await().atMost(CEILING).until(() -> {
			Run run = this.runs.find(runId).orElseThrow();
			return run.status() == RunStatus.FAILED && run.onFailure() != null
					&& List.of("SUCCEEDED", "FAILED").contains(run.onFailure().status());
		});
		return this.runs.find(runId).orElseThrow();
	}

	private Run awaitStatus(String runId, RunStatus status) {
		return Runs.awaitStatus(this.runs, runId, status);
	}

	/**
	 * run/failed went out through the outbox and SQS, and the intake recorded it once.
	 */
	private void awaitRunFailedPublished(String runId) {
		await().atMost(CEILING)
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_event WHERE name = 'run/failed' AND data->>'runId' = ?")
				.param(runId)
				.query(Long.class)
				.single() == 1);
	}

}
