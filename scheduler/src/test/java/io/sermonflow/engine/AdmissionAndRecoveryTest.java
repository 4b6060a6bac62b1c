package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.config.NodeIdentity;
import io.sermonflow.control.DagPauses;
import io.sermonflow.control.RunActions;
import io.sermonflow.launch.TaskSlots;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.sermonflow.engine.Runs.awaitIdle;
import static io.sermonflow.engine.Runs.awaitStatus;
import static io.sermonflow.engine.Runs.maxOverlap;
import static io.sermonflow.engine.Runs.maxTaskOverlap;
import static io.sermonflow.engine.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission in the engine: limits, pools, pause, and taking runs back from a dead node.
 */
@EngineTest
class AdmissionAndRecoveryTest {

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	DagPauses pauses;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestDags.Ledger ledger;

	@Autowired
	TaskSlots slots;

	@Autowired
	NodeIdentity node;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void unpaused() {
		this.pauses.unpause("test-held", "test");
	}

	@Test
	void max_active_runs_is_never_exceeded_and_is_used() {
		awaitIdle(this.slots);
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			runIds.add(this.actions.trigger("test-limited", Map.of()));
		}
		assertThat(maxOverlap(succeeded(runIds))).isEqualTo(2);
	}

	@Test
	void a_per_key_limit_keeps_one_run_per_church_while_churches_run_side_by_side() {
		awaitIdle(this.slots);
		List<String> churchA = new ArrayList<>();
		List<String> churchB = new ArrayList<>();
		churchA.add(this.actions.trigger("test-keyed", Map.of("churchId", "a")));
		awaitStatus(this.runs, churchA.get(0), RunStatus.RUNNING);
		// while church a's first run holds its key, the next ones wait
		for (int i = 0; i < 2; i++) {
			churchA.add(this.actions.trigger("test-keyed", Map.of("churchId", "a")));
		}
		for (int i = 0; i < 3; i++) {
			churchB.add(this.actions.trigger("test-keyed", Map.of("churchId", "b")));
		}
		// one of church a's later runs waits for the run before it, and says why (which
		// one depends on how soon the first run ends)
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> churchA.subList(1, 3)
				.stream()
				.map((id) -> this.runs.find(id).orElseThrow().waitingReason())
				.anyMatch("blocked: churchId a at its limit (1/1)"::equals));
		List<Run> a = succeeded(churchA);
		List<Run> b = succeeded(churchB);
		assertThat(maxOverlap(a)).isEqualTo(1);
		assertThat(maxOverlap(b)).isEqualTo(1);
		List<Run> all = new ArrayList<>(a);
		all.addAll(b);
		assertThat(maxOverlap(all)).isEqualTo(2);
	}

	@Test
	void a_pool_slot_is_held_only_while_its_task_runs_and_a_waiting_task_says_why() {
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			runIds.add(this.actions.trigger("test-pooled", Map.of()));
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> runIds.stream()
				.map((id) -> this.runs.find(id).orElseThrow())
				.anyMatch((run) -> "blocked: pool test-heavy full (1/1)".equals(run.waitingReason())
						&& task(run, "heavy").status() == TaskStatus.QUEUED));
		List<Run> done = succeeded(runIds);
		assertThat(maxTaskOverlap(done.stream().map((run) -> task(run, "heavy")).toList())).isEqualTo(1);
		// the runs themselves overlapped: only the heavy task waited for the slot
		assertThat(maxOverlap(done)).isGreaterThanOrEqualTo(2);
		// and no more tasks ran at once than the node has workers
		assertThat(maxTaskOverlap(done.stream().flatMap((run) -> run.tasks().stream()).toList()))
			.isLessThanOrEqualTo(2);
		assertThat(done).allSatisfy((run) -> assertThat(run.waitingReason()).isNull());
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_pool_slot").query(Integer.class).single()).isZero();
	}

	@Test
	void a_pool_capped_per_node_runs_its_tasks_one_at_a_time_on_a_node_with_one_slot_and_says_so() {
		int slots = 1;
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < slots + 2; i++) {
			runIds.add(this.actions.trigger("test-node-pooled", Map.of()));
		}
		String waiting = "blocked: pool test-local full on node " + this.node.nodeId() + " (" + slots + "/" + slots
				+ ")";
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> runIds.stream()
				.map((id) -> this.runs.find(id).orElseThrow())
				.anyMatch((run) -> waiting.equals(run.waitingReason())));
		List<Run> done = succeeded(runIds);
		assertThat(maxTaskOverlap(done.stream().map((run) -> task(run, "local")).toList())).isEqualTo(slots);
		assertThat(this.meters.get("sermonflow.pool.node.slots").tag("pool", "test-local").gauge().value())
			.isEqualTo(slots);
	}

	@Test
	void a_slot_left_by_a_run_that_no_longer_runs_there_is_free() {
		String gone = this.actions.trigger("test-held", Map.of());
		awaitStatus(this.runs, gone, RunStatus.SUCCEEDED);
		this.jdbc.sql("""
				INSERT INTO sf_pool_slot (run_id, task_id, pool, node_id, acquired_at)
				VALUES (?, 'heavy', 'test-heavy', 'dead-node', now())""").param(gone).update();
		awaitStatus(this.runs, this.actions.trigger("test-pooled", Map.of()), RunStatus.SUCCEEDED);
	}

	@Test
	void a_paused_dags_runs_stay_queued_with_the_reason_until_it_is_unpaused() {
		this.pauses.pause("test-held", "test");
		String runId = this.actions.trigger("test-held", Map.of());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "blocked: DAG test-held is paused"
				.equals(this.runs.find(runId).orElseThrow().waitingReason()));
		assertThat(this.runs.find(runId).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
		assertThat(this.pauses.paused()).contains("test-held");
		this.pauses.unpause("test-held", "test");
		awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
	}

	@Test
	void a_run_whose_node_stopped_heart_beating_is_recovered_without_using_a_retry() {
		String runId = runOnDeadNode(0);
		Run run = awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		assertThat(run.attempt()).isEqualTo(1);
		assertThat(recoveries(runId)).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":first")).isEqualTo(1);
	}

	@Test
	void a_run_that_loses_its_node_a_third_time_fails_naming_the_reason() {
		String runId = runOnDeadNode(2);
		Run run = awaitStatus(this.runs, runId, RunStatus.FAILED);
		assertThat(run.error()).contains("lost its node 3 times");
		assertThat(recoveries(runId)).isEqualTo(3);
	}

	private List<Run> succeeded(List<String> runIds) {
		return runIds.stream().map((id) -> awaitStatus(this.runs, id, RunStatus.SUCCEEDED)).toList();
	}

	/**
	 * A run left RUNNING by a node that is gone: claimed by "dead-node", which never
	 * heart-beats, its first task RUNNING there. Its DAG is held paused so no live node
	 * claims it first.
	 */
	private String runOnDeadNode(int earlierRecoveries) {
		this.pauses.pause("test-held", "test");
		String runId = this.actions.trigger("test-held", Map.of());
		this.jdbc.sql("""
				UPDATE sf_run SET status = 'RUNNING', node_id = 'dead-node', started_at = now(), node_recoveries = ?
				WHERE run_id = ?""").params(earlierRecoveries, runId).update();
		this.jdbc
			.sql("UPDATE sf_task SET status = 'RUNNING', started_at = now() WHERE run_id = ? AND task_id = 'first'")
			.param(runId)
			.update();
		this.pauses.unpause("test-held", "test");
		return runId;
	}

	private int recoveries(String runId) {
		return this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Integer.class)
			.single();
	}

}
