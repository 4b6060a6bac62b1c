package io.sermonflow.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.sermonflow.launch.TaskSlots;
import io.sermonflow.support.Api;
import io.sermonflow.support.IdleNode;
import io.sermonflow.support.SermonflowTest;
import io.sermonflow.support.TestDags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DESIGN.md §2–3 on the real stack: retries, memoisation, onFailure, cancel, clear. */
@SermonflowTest
class DurableRunsTest {

	@LocalServerPort
	int port;

	@Autowired
	TestDags.Ledger ledger;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TaskSlots slots;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void retries_a_failed_run_from_the_failed_task_reusing_completed_results() {
		String runId = this.api.trigger("test-memo", "{}");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("attempt").asInt()).isEqualTo(2);
		// the side-effect ledger: t1 ran once, t2 twice (failed, then passed), t3 once
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t2")).isEqualTo(2);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(1);
		assertThat(Api.task(run, "t2").get("output").get("fromT1").asInt()).isEqualTo(1);
		assertThat(Api.task(run, "t2").get("attempts").asInt()).isEqualTo(2);
		// one JobInstance, two executions: the retry was a Spring Batch restart
		assertThat(batchExecutionStatuses(runId)).containsExactly("FAILED", "COMPLETED");
	}

	@Test
	void retries_k_retryable_failures_with_backoff_then_succeeds() {
		String key = "flaky-" + UUID.randomUUID();
		String eventId = "flaky-" + UUID.randomUUID();
		this.api.post("/api/events", "{\"name\":\"demo/flaky\",\"id\":\"" + eventId
				+ "\",\"data\":{\"failTimes\":2,\"permanent\":false,\"key\":\"" + key + "\"}}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/api/events/" + eventId).status() == 200
					&& this.api.get("/api/events/" + eventId).json().get("runs").size() == 1);
		String runId = this.api.get("/api/events/" + eventId).json().get("runs").get(0).asString();
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("attempt").asInt()).isEqualTo(3);
		assertThat(run.get("maxAttempts").asInt()).isEqualTo(4);
		assertThat(Api.task(run, "flaky").get("output").get("attempt").asInt()).isEqualTo(3);
		Instant started = Instant.parse(run.get("startedAt").asString());
		Instant ended = Instant.parse(run.get("endedAt").asString());
		// backoff 1 s then 2 s, each scaled by jitter in [0.5, 1)
		assertThat(Duration.between(started, ended)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(run.has("onFailure") && !run.get("onFailure").isNull()).isFalse();
		JsonNode logs = this.api.get("/api/runs/" + runId + "/tasks/flaky/logs").json();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.get("/api/runs/" + runId + "/tasks/flaky/logs").json().size() >= 3);
		assertThat(this.api.get("/api/runs/" + runId + "/tasks/flaky/logs").json().findValuesAsString("message"))
			.anyMatch((line) -> line.contains("demo-flaky attempt 1"))
			.anyMatch((line) -> line.contains("demo-flaky attempt 3"));
		assertThat(logs).isNotNull();
	}

	@Test
	void a_permanent_failure_fails_at_once_without_burning_retries_and_runs_on_failure() {
		String runId = this.api.trigger("demo-flaky",
				"{\"data\":{\"failTimes\":5,\"permanent\":true,\"key\":\"perm-" + UUID.randomUUID() + "\"}}");
		JsonNode run = awaitOnFailureDone(runId);
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		assertThat(run.get("error").asString()).contains("demo-flaky failure 1 of 5");
		assertThat(Api.task(run, "flaky").get("error").get("retryable").asBoolean()).isFalse();
		assertThat(run.get("onFailure").get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(run.get("onFailure").get("result").get("handled").asBoolean()).isTrue();
	}

	@Test
	void on_failure_runs_exactly_once_after_the_last_attempt() {
		String runId = this.api.trigger("test-always-fails", "{}");
		JsonNode run = awaitOnFailureDone(runId);
		assertThat(run.get("status").asString()).isEqualTo("FAILED");
		assertThat(run.get("attempt").asInt()).isEqualTo(3);
		assertThat(this.ledger.get(runId + ":doomed")).isEqualTo(3);
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(1);
		assertThat(run.get("onFailure").get("result").get("calls").asInt()).isEqualTo(1);
		assertThat(Api.task(run, "after").get("status").asString()).isEqualTo("UPSTREAM_FAILED");
		// an operator retry after that is a new attempt; its failure does not call
		// onFailure twice
		// for the old one, and a SUCCEEDED or RUNNING run cannot be retried
		assertThat(this.api.post("/api/runs/" + runId + "/retry", "").status()).isEqualTo(200);
		JsonNode again = awaitOnFailureDone(runId);
		assertThat(again.get("attempt").asInt()).isEqualTo(4);
		assertThat(this.ledger.get(runId + ":onFailure")).isEqualTo(2);
	}

	@Test
	void parallel_branches_really_overlap_in_time() {
		IdleNode.await(this.slots);
		String runId = this.api.trigger("test-parallel", "{}");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		Instant leftStart = Instant.parse(Api.task(run, "left").get("startedAt").asString());
		Instant leftEnd = Instant.parse(Api.task(run, "left").get("endedAt").asString());
		Instant rightStart = Instant.parse(Api.task(run, "right").get("startedAt").asString());
		Instant rightEnd = Instant.parse(Api.task(run, "right").get("endedAt").asString());
		assertThat(leftStart).isBefore(rightEnd);
		assertThat(rightStart).isBefore(leftEnd);
		assertThat(Instant.parse(Api.task(run, "join").get("startedAt").asString())).isAfterOrEqualTo(leftEnd)
			.isAfterOrEqualTo(rightEnd);
		assertThat(run.get("tasks").findValuesAsString("id")).containsExactly("start", "left", "right", "join");
	}

	@Test
	void a_chunk_step_restarts_mid_way_without_writing_an_item_twice() {
		String runId = this.api.trigger("test-chunk", "{}");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("attempt").asInt()).isEqualTo(2);
		List<Integer> written = new ArrayList<>(this.ledger.written(runId));
		assertThat(written).containsExactlyElementsOf(IntStream.range(0, TestDags.CHUNK_ITEMS).boxed().toList());
		JsonNode numbers = Api.task(run, "numbers");
		// the second attempt resumed after the two committed chunks (20 items)
		assertThat(numbers.get("output").get("written").asInt()).isEqualTo(30);
		assertThat(numbers.get("progress").get("done").asInt()).isEqualTo(TestDags.CHUNK_ITEMS);
	}

	@Test
	void cancel_stops_a_chunk_step_at_a_chunk_boundary_restartably_and_clear_finishes_it() {
		String runId = this.api.trigger("test-slow-chunk", "{}");
		await().atMost(Duration.ofSeconds(20)).until(() -> this.ledger.written(runId).size() >= 3);
		Api.Reply cancel = this.api.post("/api/runs/" + runId + "/cancel", "");
		assertThat(cancel.status()).isEqualTo(202);
		JsonNode run = this.api.awaitStatus(runId, "CANCELLED");
		assertThat(Api.task(run, "slow").get("status").asString()).isEqualTo("CANCELLED");
		int writtenAtCancel = this.ledger.written(runId).size();
		assertThat(writtenAtCancel).isLessThan(40);
		// the Spring Batch 6 trap: a stop racing a running step can leave UNKNOWN; ours
		// ends STOPPED
		assertThat(batchExecutionStatuses(runId)).containsExactly("STOPPED");
		assertThat(batchStepStatuses(runId)).containsOnly("STOPPED");

		assertThat(this.api.post("/api/runs/" + runId + "/cancel", "").status()).isEqualTo(409);
		Api.Reply cleared = this.api.post("/api/runs/" + runId + "/tasks/slow/clear", "");
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json().get("status").asString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
		JsonNode finished = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(finished.get("generation").asInt()).isEqualTo(2);
	}

	@Test
	void clearing_a_task_reruns_it_and_its_downstream_keeping_upstream_results() {
		String runId = this.api.trigger("test-memo", "{\"data\":{\"neverFail\":true}}");
		this.api.awaitStatus(runId, "SUCCEEDED");
		Api.Reply cleared = this.api.post("/api/runs/" + runId + "/tasks/t2/clear", "");
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(cleared.json().get("generation").asInt()).isEqualTo(2);
		assertThat(Api.task(cleared.json(), "t1").get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(this.ledger.get(runId + ":t1")).isEqualTo(1);
		assertThat(this.ledger.get(runId + ":t2")).isEqualTo(2);
		assertThat(this.ledger.get(runId + ":t3")).isEqualTo(2);
		assertThat(Api.task(run, "t2").get("output").get("fromT1").asInt()).isEqualTo(1);
		// a new generation is a new JobInstance: its own COMPLETED execution
		Long instances = this.jdbc.sql("""
				SELECT count(DISTINCT i.job_instance_id) FROM batch_job_instance i
				JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ?""").param(runId).query(Long.class).single();
		assertThat(instances).isEqualTo(2);
	}

	@Test
	void an_action_that_does_not_fit_the_state_is_a_409_naming_the_state() {
		String runId = this.api.trigger("test-memo", "{\"data\":{\"neverFail\":true}}");
		this.api.awaitStatus(runId, "SUCCEEDED");
		Api.Reply reply = this.api.post("/api/runs/" + runId + "/retry", "");
		assertThat(reply.status()).isEqualTo(409);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains("is SUCCEEDED");
		assertThat(this.api.post("/api/runs/" + runId + "/tasks/nope/clear", "").status()).isEqualTo(404);
		assertThat(this.api.post("/api/runs/" + UUID.randomUUID() + "/retry", "").status()).isEqualTo(404);
	}

	@Test
	void a_result_over_the_size_limit_fails_the_task_permanently_with_a_clear_message() {
		JsonNode run = this.api.awaitStatus(this.api.trigger("test-big-result", "{}"), "FAILED");
		JsonNode error = Api.task(run, "huge").get("error");
		assertThat(error.get("retryable").asBoolean()).isFalse();
		assertThat(error.get("message").asString()).contains("the limit is 1048576").contains("by reference");
	}

	@Test
	void a_run_past_its_timeout_is_stopped_in_its_running_task_and_fails_permanently() {
		JsonNode run = this.api.awaitStatus(this.api.trigger("test-timeout", "{}"), "FAILED");
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		JsonNode slow = Api.task(run, "slow");
		assertThat(slow.get("error").get("message").asString())
			.isEqualTo("The run exceeded its timeout of 1 s during task 'slow'; the task was stopped");
		assertThat(slow.get("error").get("retryable").asBoolean()).isFalse();
		assertThat(Api.task(run, "late").get("status").asString()).isEqualTo("UPSTREAM_FAILED");
	}

	@Test
	void an_emitted_event_is_published_after_the_task_commits_and_recorded_by_the_intake() {
		JsonNode run = this.api.awaitStatus(this.api.trigger("test-emit", "{}"), "SUCCEEDED");
		String eventId = Api.task(run, "emitter").get("output").get("eventId").asString();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/api/events/" + eventId).status() == 200
					&& !this.api.get("/api/events/" + eventId).json().get("recordedAt").isNull());
		assertThat(this.api.get("/api/events/" + eventId).json().get("name").asString()).isEqualTo("test/emitted");
	}

	@Test
	void an_event_too_big_for_one_message_fails_its_task_permanently_and_holds_up_no_other_event() {
		JsonNode run = this.api.awaitStatus(this.api.trigger("test-big-emit", "{}"), "FAILED");
		JsonNode error = Api.task(run, "emitter").get("error");
		assertThat(error.get("retryable").asBoolean()).isFalse();
		assertThat(error.get("message").asString()).contains("256 KiB").contains("by reference");

		JsonNode after = this.api.awaitStatus(this.api.trigger("test-emit", "{}"), "SUCCEEDED");
		String eventId = Api.task(after, "emitter").get("output").get("eventId").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.get("/api/events/" + eventId).status() == 200
					&& !this.api.get("/api/events/" + eventId).json().get("recordedAt").isNull());
	}

	@Test
	void dags_are_listed_with_their_tasks_and_policies() {
		JsonNode dags = this.api.get("/api/dags").json();
		JsonNode flaky = null;
		for (JsonNode dag : dags) {
			if (dag.get("id").asString().equals("demo-flaky")) {
				flaky = dag;
			}
		}
		assertThat(flaky).isNotNull();
		assertThat(flaky.get("retries").asInt()).isEqualTo(3);
		assertThat(flaky.get("triggers").get(0).asString()).isEqualTo("demo/flaky");
		assertThat(this.api.post("/api/dags/no-such-dag/runs", "{}").status()).isEqualTo(404);
		assertThat(this.api.post("/api/dags/demo-noop/runs", "{\"data\":[1]}").status()).isEqualTo(400);
	}

	@Test
	void engine_metrics_are_exported_with_the_sermonflow_prefix() {
		this.api.awaitStatus(this.api.trigger("test-memo", "{\"data\":{\"neverFail\":true}}"), "SUCCEEDED");
		String metrics = this.api.get("/actuator/prometheus").body();
		assertThat(metrics).contains("sermonflow_runs_started_total{")
			.contains("sermonflow_runs_finished_total{")
			.contains("sermonflow_task_duration_seconds_bucket{");
	}

	private JsonNode awaitOnFailureDone(String runId) {
		await().atMost(Duration.ofSeconds(40)).until(() -> {
			JsonNode run = this.api.get("/api/runs/" + runId).json();
			return "FAILED".equals(run.get("status").asString()) && !run.get("onFailure").isNull()
					&& !"RUNNING".equals(run.get("onFailure").get("status").asString());
		});
		return this.api.get("/api/runs/" + runId).json();
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
