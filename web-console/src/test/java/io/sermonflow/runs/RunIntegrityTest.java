package io.sermonflow.runs;

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
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.engine.TestDags;
import io.sermonflow.launch.TaskSlots;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.IdleNode;
import io.sermonflow.support.Overlap;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No run stuck, lost or doubled on a failure path (issue 13), on the real stack:
 * onFailure once on every path, timeouts that stop a hung task, task slots, why every
 * waiting run waits, and runs whose DAG changed under them.
 */
@SermonflowTest
class RunIntegrityTest {

	private static final Duration CEILING = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

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

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
		this.api.post("/api/dags/test-held/unpause", "");
	}

	@Test
	void a_run_failed_by_its_third_lost_node_runs_on_failure_once_and_publishes_run_failed() {
		String runId = heldRunOnDeadNode(2);
		this.api.post("/api/dags/test-held/unpause", "");
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("error").asString()).contains("lost its node 3 times");
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
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
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
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
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("onFailure").get("attempts").asInt()).isEqualTo(2);
		// the dead node's call never committed; the live one's did, once
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_failing_handler_is_recorded_and_retried_with_backoff() {
		String runId = this.api.trigger("test-flaky-handler", "{}");
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("onFailure").get("attempts").asInt()).isEqualTo(2);
		assertThat(run.get("onFailure").get("result").get("calls").asInt()).isEqualTo(2);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_handler_that_keeps_failing_is_given_up_after_its_attempts_and_run_failed_still_goes_out() {
		String runId = this.api.trigger("test-hopeless-handler", "{}");
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("onFailure").get("attempts").asInt()).isEqualTo(3);
		assertThat(run.get("onFailure").get("error").asString()).contains("the webhook receiver is gone for good");
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(3);
		awaitRunFailedPublished(runId);
	}

	@Test
	void a_hung_task_is_stopped_at_its_timeout_with_its_processes_and_the_attempt_is_retried() {
		String runId = this.api.trigger("test-hung", "{}");
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("attempt").asInt()).isEqualTo(2);
		for (String task : List.of("hang_process", "hang_java")) {
			JsonNode error = Api.task(run, task).get("error");
			assertThat(error.get("message").asString()).as(task)
				.isEqualTo("Task '" + task + "' timed out after 2 s; it was stopped and its processes killed");
			assertThat(error.get("retryable").asBoolean()).isTrue();
			assertThat(Api.task(run, task).get("attempts").asInt()).isEqualTo(2);
			Instant started = Instant.parse(Api.task(run, task).get("startedAt").asString());
			Instant ended = Instant.parse(Api.task(run, task).get("endedAt").asString());
			assertThat(Duration.between(started, ended)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
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
		IdleNode.await(this.slots);
		String runId = this.api.trigger("test-wide", "{}");
		String expected = "waiting for a worker (2/2 busy on node " + this.lease.nodeId() + ")";
		List<String> seen = new ArrayList<>();
		await().atMost(CEILING).pollInterval(Duration.ofMillis(20)).until(() -> {
			JsonNode run = this.api.get("/api/runs/" + runId).json();
			for (JsonNode task : run.get("tasks")) {
				if ("QUEUED".equals(task.get("status").asString()) && !run.get("waitingReason").isNull()) {
					seen.add(run.get("waitingReason").asString());
				}
			}
			return !seen.isEmpty() || "SUCCEEDED".equals(run.get("status").asString());
		});
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(seen).contains(expected);
		List<JsonNode> branches = List.of("b1", "b2", "b3", "b4").stream().map((b) -> Api.task(run, b)).toList();
		assertThat(Overlap.max(branches)).isEqualTo(2);
		assertThat(run.get("waitingReason").isNull()).isTrue();
		assertThat(Api.task(run, "b1").get("node").asString()).isEqualTo(this.lease.nodeId());
	}

	@Test
	void a_run_queued_while_every_worker_is_busy_says_it_waits_for_a_worker() {
		List<String> busy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			busy.add(this.api.trigger("demo-noop", "{\"data\":{\"tasks\":1,\"sleepMs\":4000}}"));
		}
		await().atMost(CEILING)
			.until(() -> busy.stream()
				.allMatch((id) -> "RUNNING"
					.equals(Api.task(this.api.get("/api/runs/" + id).json(), "task_1").get("status").asString())));
		String waiting = this.api.trigger("demo-noop", "{\"data\":{\"tasks\":1}}");
		await().atMost(CEILING)
			.until(() -> ("waiting for a worker (2/2 busy on node " + this.lease.nodeId() + ")")
				.equals(this.api.get("/api/runs/" + waiting).json().get("waitingReason").asString()));
		for (String id : busy) {
			this.api.awaitStatus(id, "SUCCEEDED");
		}
		assertThat(this.api.awaitStatus(waiting, "SUCCEEDED").get("waitingReason").isNull()).isTrue();
	}

	@Test
	void a_retry_wait_says_until_when() {
		String runId = this.api.trigger("test-slow-retry", "{}");
		JsonNode run = this.api.awaitStatus(runId, "RETRY_WAIT");
		Instant retryAt = Instant.parse(run.get("retryAt").asString());
		assertThat(run.get("waitingReason").asString()).isEqualTo("retry at " + retryAt);
		assertThat(run.get("eligibleAt").asString()).isEqualTo(run.get("retryAt").asString());
		assertThat(Duration.between(Instant.parse(Api.task(run, "flaky").get("endedAt").asString()), retryAt))
			.isBetween(Duration.ofSeconds(4), Duration.ofSeconds(11));
		assertThat(this.api.post("/api/runs/" + runId + "/cancel", "").status()).isEqualTo(202);
		JsonNode cancelled = this.api.awaitStatus(runId, "CANCELLED");
		assertThat(cancelled.get("waitingReason").isNull()).isTrue();
		assertThat(cancelled.get("eligibleAt").isNull()).isTrue();
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
			JsonNode run = this.api.get("/api/runs/" + runId).json();
			assertThat(run.get("status").asString()).isEqualTo("RUNNING");
			assertThat(run.get("waitingReason").asString()).matches("recovering: node silent-node silent for 1\\d s");
			lock.rollback();
		}
		this.api.post("/api/dags/test-held/unpause", "");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(run.get("node").asString()).isEqualTo(this.lease.nodeId());
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
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("dagVersion").asString()).isEqualTo("0000000000aa").isNotEqualTo(memo.version());
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(1);
	}

	@Test
	void a_run_whose_remaining_task_is_gone_from_its_dag_fails_once_naming_it_with_on_failure() {
		String runId = UUID.randomUUID().toString();
		this.runs.create(new NewRun(runId, "test-held", List.of("first", "gone_task"), null, Map.of(), 0, 1, null)
			.ofVersion("0000000000bb"));
		JsonNode run = awaitOnFailureEnded(runId);
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("error").asString())
			.isEqualTo("DAG 'test-held' changed since the run started (version 0000000000bb, now "
					+ this.dags.find("test-held").orElseThrow().version() + "): task 'gone_task' is no longer in it");
		assertThat(Api.task(run, "gone_task").get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.ledger.get(runId + ":first")).isZero();
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		awaitRunFailedPublished(runId);
	}

	@Test
	void the_dag_version_a_run_started_with_is_shown_and_matches_the_dag() {
		JsonNode run = this.api.awaitStatus(this.api.trigger("test-memo", "{\"data\":{\"neverFail\":true}}"),
				"SUCCEEDED");
		String version = this.dags.find("test-memo").orElseThrow().version();
		assertThat(run.get("dagVersion").asString()).isEqualTo(version);
		JsonNode memo = null;
		for (JsonNode dag : this.api.get("/api/dags").json()) {
			if (dag.get("id").asString().equals("test-memo")) {
				memo = dag;
			}
		}
		assertThat(memo).isNotNull();
		assertThat(memo.get("version").asString()).isEqualTo(version);
	}

	/** A run of test-held, held QUEUED by pausing its DAG. */
	private String heldRun() {
		this.api.post("/api/dags/test-held/pause", "");
		return this.api.trigger("test-held", "{}");
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

	private JsonNode awaitOnFailureEnded(String runId) {
		await().atMost(CEILING).until(() -> {
			JsonNode run = this.api.get("/api/runs/" + runId).json();
			return "FAILED".equals(run.get("status").asString()) && !run.get("onFailure").isNull()
					&& List.of("SUCCEEDED", "FAILED").contains(run.get("onFailure").get("status").asString());
		});
		return this.api.get("/api/runs/" + runId).json();
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
