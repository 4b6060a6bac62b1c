package io.sermonflow.events;

import java.time.Duration;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton through the real parts: HTTP, SQS (ElasticMQ), the intake, the
 * dispatcher and Spring Batch on PostgreSQL, with the API's duplicates, refusals and
 * listing. The intake's own cases (poison messages, slow events, events without a DAG)
 * are tested in the engine.
 */
@SermonflowTest
class EventsToRunsTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SqsClient sqs;

	@Autowired
	io.sermonflow.intake.SqsProperties sqsProperties;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void an_event_posted_over_http_yields_a_succeeded_demo_noop_run_in_the_job_repository() {
		String eventId = "it-" + UUID.randomUUID();
		java.sql.Timestamp before = this.jdbc.sql("SELECT now()").query(java.sql.Timestamp.class).single();
		Api.Reply accepted = this.api.post("/api/events",
				"{\"name\":\"demo/noop\",\"id\":\"" + eventId + "\",\"data\":{\"tasks\":3,\"sleepMs\":5}}");
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.json().get("eventId").asString()).isEqualTo(eventId);
		assertThat(accepted.json().get("duplicate").asBoolean()).isFalse();

		JsonNode run = awaitRunOf(eventId, "SUCCEEDED");
		assertThat(run.get("dag").asString()).isEqualTo("demo-noop");
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		assertThat(run.get("tasks")).hasSize(3);
		for (int i = 0; i < 3; i++) {
			JsonNode task = run.get("tasks").get(i);
			assertThat(task.get("id").asString()).isEqualTo("task_" + (i + 1));
			assertThat(task.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(task.get("output").get("task").asInt()).isEqualTo(i + 1);
			assertThat(task.get("output").get("sleptMs").asInt()).isEqualTo(5);
		}
		assertThat(run.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

		// the API and Spring Batch's job repository tell the same story
		String runId = run.get("runId").asString();
		String batchStatus = this.jdbc.sql("""
				SELECT e.status FROM batch_job_execution e JOIN sf_run r ON r.job_execution_id = e.job_execution_id
				WHERE r.run_id = ?""").param(runId).query(String.class).single();
		assertThat(batchStatus).isEqualTo("COMPLETED");
		Long completedSteps = this.jdbc.sql("""
				SELECT count(*) FROM batch_step_execution s JOIN sf_run r ON r.job_execution_id = s.job_execution_id
				WHERE r.run_id = ? AND s.status = 'COMPLETED'""").param(runId).query(Long.class).single();
		assertThat(completedSteps).isEqualTo(3);

		JsonNode event = this.api.get("/api/events/" + eventId).json();
		assertThat(event.get("name").asString()).isEqualTo("demo/noop");
		assertThat(event.get("recordedAt").isNull()).isFalse();
		assertThat(event.get("runs")).hasSize(1);
		// who sent it is kept with the event, not in the audit log of staff actions
		assertThat(event.get("submittedBy").asString()).isEqualTo("admin");
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_audit WHERE action = 'POST /api/events' AND at >= ?")
			.param(before)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void the_same_event_id_again_is_answered_as_a_duplicate_and_never_starts_a_second_run() {
		String eventId = "dup-" + UUID.randomUUID();
		String body = "{\"name\":\"demo/noop\",\"id\":\"" + eventId + "\"}";
		assertThat(this.api.post("/api/events", body).json().get("duplicate").asBoolean()).isFalse();
		Api.Reply again = this.api.post("/api/events", body);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.json().get("duplicate").asBoolean()).isTrue();
		awaitRunOf(eventId, "SUCCEEDED");
		// a redelivery straight through the queue is recorded once as well
		sendToQueue(body);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).until(() -> runCount(eventId) == 1);
	}

	@Test
	void invalid_event_data_fails_the_run_with_a_permanent_error_naming_the_field() {
		String eventId = "bad-data-" + UUID.randomUUID();
		this.api.post("/api/events",
				"{\"name\":\"demo/noop\",\"id\":\"" + eventId + "\",\"data\":{\"tasks\":\"many\"}}");
		JsonNode run = awaitRunOf(eventId, "FAILED");
		assertThat(run.get("error").asString()).contains("\"tasks\" must be a whole number");
		JsonNode task = run.get("tasks").get(0);
		assertThat(task.get("status").asString()).isEqualTo("FAILED");
		assertThat(task.get("error").get("retryable").asBoolean()).isFalse();
		assertThat(task.get("error").get("type").asString()).isEqualTo("io.sermonflow.error.PermanentException");
	}

	@Test
	void malformed_json_is_a_400_problem_naming_the_fault() {
		Api.Reply reply = this.api.post("/api/events", "{\"name\": ");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains("not valid JSON");
		assertThat(reply.body()).doesNotContain("at io.sermonflow").doesNotContain("Exception");
	}

	@Test
	void a_missing_name_is_a_400_problem_naming_the_field() {
		Api.Reply reply = this.api.post("/api/events", "{\"id\":\"x\",\"data\":{}}");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains("\"name\" is required");
		assertThat(reply.json().get("title").asString()).isEqualTo("Invalid request");
	}

	@Test
	void data_that_is_not_an_object_is_a_400_problem() {
		Api.Reply reply = this.api.post("/api/events", "{\"name\":\"demo/noop\",\"data\":[1,2]}");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().get("detail").asString()).contains("\"data\" must be a JSON object");
	}

	@Test
	void unknown_runs_and_events_are_404_problems() {
		assertThat(this.api.get("/api/runs/" + UUID.randomUUID()).status()).isEqualTo(404);
		Api.Reply reply = this.api.get("/api/events/never-sent");
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.contentType()).startsWith("application/problem+json");
	}

	@Test
	void runs_are_listed_newest_first_and_filtered() {
		String eventId = "list-" + UUID.randomUUID();
		this.api.post("/api/events", "{\"name\":\"demo/noop\",\"id\":\"" + eventId + "\"}");
		String runId = awaitRunOf(eventId, "SUCCEEDED").get("runId").asString();
		JsonNode runs = this.api.get("/api/runs?dag=demo-noop&status=SUCCEEDED&limit=500").json();
		assertThat(runs.findValuesAsString("runId")).contains(runId);
		for (int i = 1; i < runs.size(); i++) {
			assertThat(runs.get(i - 1).get("createdAt").asString())
				.isGreaterThanOrEqualTo(runs.get(i).get("createdAt").asString());
		}
		assertThat(this.api.get("/api/runs?status=SLEEPING").status()).isEqualTo(400);
		assertThat(this.api.get("/api/runs?limit=0").status()).isEqualTo(400);
	}

	private JsonNode awaitRunOf(String eventId, String status) {
		await().atMost(Duration.ofSeconds(30)).until(() -> runCount(eventId) > 0);
		String runId = this.api.get("/api/events/" + eventId).json().get("runs").get(0).asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> status.equals(this.api.get("/api/runs/" + runId).json().get("status").asString()));
		return this.api.get("/api/runs/" + runId).json();
	}

	private int runCount(String eventId) {
		Api.Reply reply = this.api.get("/api/events/" + eventId);
		return (reply.status() == 200) ? reply.json().get("runs").size() : 0;
	}

	private void sendToQueue(String body) {
		String url = this.sqs.getQueueUrl((get) -> get.queueName(this.sqsProperties.queue())).queueUrl();
		this.sqs.sendMessage((send) -> send.queueUrl(url).messageBody(body));
	}

}
