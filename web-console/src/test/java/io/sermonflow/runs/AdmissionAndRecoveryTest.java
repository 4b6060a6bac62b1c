package io.sermonflow.runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sermonflow.engine.TestDags;
import io.sermonflow.launch.TaskSlots;
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

/** Issue 4 on the real stack: limits, pause, and taking runs back from a dead node. */
@SermonflowTest
class AdmissionAndRecoveryTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestDags.Ledger ledger;

	@Autowired
	TaskSlots slots;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
		this.api.post("/api/dags/test-held/unpause", "");
	}

	@Test
	void max_active_runs_is_never_exceeded_and_is_used() {
		IdleNode.await(this.slots);
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			runIds.add(this.api.trigger("test-limited", "{}"));
		}
		List<JsonNode> runs = runIds.stream().map((id) -> this.api.awaitStatus(id, "SUCCEEDED")).toList();
		assertThat(Overlap.max(runs)).isEqualTo(2);
	}

	@Test
	void a_per_key_limit_keeps_one_run_per_church_while_churches_run_side_by_side() {
		IdleNode.await(this.slots);
		List<String> churchA = new ArrayList<>();
		List<String> churchB = new ArrayList<>();
		churchA.add(this.api.trigger("test-keyed", "{\"data\":{\"churchId\":\"a\"}}"));
		this.api.awaitStatus(churchA.get(0), "RUNNING");
		// while church a's first run holds its key, the next one waits and says why
		for (int i = 0; i < 2; i++) {
			churchA.add(this.api.trigger("test-keyed", "{\"data\":{\"churchId\":\"a\"}}"));
		}
		for (int i = 0; i < 3; i++) {
			churchB.add(this.api.trigger("test-keyed", "{\"data\":{\"churchId\":\"b\"}}"));
		}
		// one of church a's later runs waits for the run before it, and says why (which
		// one depends on how soon the first run ends)
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> churchA.subList(1, 3)
				.stream()
				.map((id) -> this.api.get("/api/runs/" + id).json().get("waitingReason"))
				.anyMatch((reason) -> "blocked: churchId a at its limit (1/1)".equals(reason.asString())));
		List<JsonNode> a = churchA.stream().map((id) -> this.api.awaitStatus(id, "SUCCEEDED")).toList();
		List<JsonNode> b = churchB.stream().map((id) -> this.api.awaitStatus(id, "SUCCEEDED")).toList();
		assertThat(Overlap.max(a)).isEqualTo(1);
		assertThat(Overlap.max(b)).isEqualTo(1);
		List<JsonNode> all = new ArrayList<>(a);
		all.addAll(b);
		assertThat(Overlap.max(all)).isEqualTo(2);
	}

	@Test
	void a_pool_slot_is_held_only_while_its_task_runs_and_a_waiting_task_says_why() {
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			runIds.add(this.api.trigger("test-pooled", "{}"));
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> runIds.stream()
				.map((id) -> this.api.get("/api/runs/" + id).json())
				.anyMatch((run) -> "blocked: pool test-heavy full (1/1)".equals(run.get("waitingReason").asString())
						&& "QUEUED".equals(Api.task(run, "heavy").get("status").asString())));
		List<JsonNode> runs = runIds.stream().map((id) -> this.api.awaitStatus(id, "SUCCEEDED")).toList();
		assertThat(Overlap.max(runs.stream().map((run) -> Api.task(run, "heavy")).toList())).isEqualTo(1);
		// the runs themselves overlapped: only the heavy task waited for the slot
		assertThat(Overlap.max(runs)).isGreaterThanOrEqualTo(2);
		// and no more tasks ran at once than the node has workers
		assertThat(Overlap.max(runs.stream()
			.flatMap((run) -> java.util.stream.StreamSupport.stream(run.get("tasks").spliterator(), false))
			.toList())).isLessThanOrEqualTo(2);
		assertThat(runs).allSatisfy((run) -> assertThat(run.get("waitingReason").isNull()).isTrue());
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_pool_slot").query(Integer.class).single()).isZero();
	}

	@Test
	void a_slot_left_by_a_run_that_no_longer_runs_there_is_free() {
		String gone = this.api.trigger("test-held", "{}");
		this.api.awaitStatus(gone, "SUCCEEDED");
		this.jdbc.sql("""
				INSERT INTO sf_pool_slot (run_id, task_id, pool, node_id, acquired_at)
				VALUES (?, 'heavy', 'test-heavy', 'dead-node', now())""").param(gone).update();
		this.api.awaitStatus(this.api.trigger("test-pooled", "{}"), "SUCCEEDED");
	}

	@Test
	void a_paused_dags_runs_stay_queued_with_the_reason_until_it_is_unpaused() {
		assertThat(this.api.post("/api/dags/test-held/pause", "").status()).isEqualTo(200);
		String runId = this.api.trigger("test-held", "{}");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "blocked: DAG test-held is paused"
				.equals(this.api.get("/api/runs/" + runId).json().get("waitingReason").asString()));
		assertThat(this.api.get("/api/runs/" + runId).json().get("status").asString()).isEqualTo("QUEUED");
		JsonNode dags = this.api.get("/api/dags").json();
		for (JsonNode dag : dags) {
			if (dag.get("id").asString().equals("test-held")) {
				assertThat(dag.get("paused").asBoolean()).isTrue();
			}
		}
		this.api.post("/api/dags/test-held/unpause", "");
		this.api.awaitStatus(runId, "SUCCEEDED");
	}

	@Test
	void a_run_whose_node_stopped_heart_beating_is_recovered_without_using_a_retry() {
		String runId = runOnDeadNode(0);
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		assertThat(recoveries(runId)).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":first")).isEqualTo(1);
	}

	@Test
	void a_run_that_loses_its_node_a_third_time_fails_naming_the_reason() {
		String runId = runOnDeadNode(2);
		JsonNode run = this.api.awaitStatus(runId, "FAILED");
		assertThat(run.get("error").asString()).contains("lost its node 3 times");
		assertThat(recoveries(runId)).isEqualTo(3);
	}

	/**
	 * A run left RUNNING by a node that is gone: claimed by "dead-node", which never
	 * heart-beats, its first task RUNNING there. Its DAG is held paused so no live node
	 * claims it first.
	 */
	private String runOnDeadNode(int earlierRecoveries) {
		this.api.post("/api/dags/test-held/pause", "");
		String runId = this.api.trigger("test-held", "{}");
		this.jdbc.sql("""
				UPDATE sf_run SET status = 'RUNNING', node_id = 'dead-node', started_at = now(), node_recoveries = ?
				WHERE run_id = ?""").params(earlierRecoveries, runId).update();
		this.jdbc
			.sql("UPDATE sf_task SET status = 'RUNNING', started_at = now() WHERE run_id = ? AND task_id = 'first'")
			.param(runId)
			.update();
		this.api.post("/api/dags/test-held/unpause", "");
		return runId;
	}

	private int recoveries(String runId) {
		return this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Integer.class)
			.single();
	}

}
