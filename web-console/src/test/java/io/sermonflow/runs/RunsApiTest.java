package io.sermonflow.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs through the HTTP API on the whole application: retries and permanent failures of
 * the shipped demo DAG sent as events, 409s naming the state, emitted events, DAG listing
 * and metrics. The engine's own semantics are tested in the scheduler module.
 */
@SermonflowTest
class RunsApiTest {

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
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
		// each DAG's structural version, which every run records
		assertThat(flaky.get("version").asString()).matches("[0-9a-f]{12}");
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

}
