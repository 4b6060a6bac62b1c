package io.sermonflow.console;

import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators do in the console, over real HTTP, and the audit log it leaves. */
@SermonflowTest
class ConsoleActionsTest {

	@LocalServerPort
	int port;

	Api admin;

	String operator;

	@BeforeEach
	void setUp() {
		this.admin = Api.admin(this.port);
		this.operator = "operator-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.admin.post("/api/users", ConsoleAccessTest.user(this.operator, "OPERATOR")).status())
			.isEqualTo(201);
	}

	/** A run of demo-flaky that fails at once, permanently, and succeeds when retried. */
	private String failedRun() {
		String runId = this.admin.trigger("demo-flaky",
				"{\"data\":{\"failTimes\":1,\"permanent\":true,\"key\":\"console-" + UUID.randomUUID() + "\"}}");
		this.admin.awaitStatus(runId, "FAILED");
		return runId;
	}

	@Test
	void selected_failed_runs_are_retried_together_and_each_retry_is_in_the_audit_log() {
		String first = failedRun();
		String second = failedRun();
		ConsoleSession console = ConsoleSession.signIn(this.port, this.operator, ConsoleAccessTest.PASSWORD);
		assertThat(console.get("/console/runs?status=FAILED").body()).contains(first).contains(second);
		var retried = console.post("/console/runs/retry", "runId=" + first + "&runId=" + second);
		assertThat(retried.statusCode()).isEqualTo(302);
		assertThat(console.get(retried.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", ""))
			.body()).contains("Retried 2 runs.");
		this.admin.awaitStatus(first, "SUCCEEDED");
		this.admin.awaitStatus(second, "SUCCEEDED");
		String audit = console.get("/console/audit").body();
		assertThat(audit).contains("retry run (bulk)").contains("runId=" + first).contains("runId=" + second);
		assertThat(audit).contains(this.operator);
	}

	@Test
	void the_api_retries_a_failure_group_after_a_dry_run_that_changes_nothing() {
		String first = failedRun();
		String second = failedRun();
		JsonNode group = null;
		for (JsonNode candidate : this.admin.get("/api/runs/failures").json()) {
			if (candidate.get("dag").asString().equals("demo-flaky")) {
				group = candidate;
			}
		}
		assertThat(group).as("the failures list has a demo-flaky group").isNotNull();
		assertThat(group.get("runs").asLong()).isGreaterThanOrEqualTo(2);
		String body = "{\"dag\":\"demo-flaky\",\"errorType\":\"" + group.get("errorType").asString() + "\"}";

		Api.Reply dry = this.admin.post("/api/runs/retry?dryRun=true", body);
		assertThat(dry.status()).as(dry.body()).isEqualTo(200);
		assertThat(dry.json().get("dryRun").asBoolean()).isTrue();
		assertThat(dry.json().get("runs").toString()).contains(first).contains(second);
		assertThat(this.admin.get("/api/runs/" + first).json().get("status").asString()).isEqualTo("FAILED");

		Api operatorApi = Api.basic(this.port, this.operator, ConsoleAccessTest.PASSWORD);
		Api.Reply retried = operatorApi.post("/api/runs/retry",
				"{\"runIds\":[\"" + first + "\",\"" + second + "\",\"no-such-run\"]}");
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		assertThat(retried.json().get("runs")).hasSize(2);
		assertThat(retried.json().get("skipped").get(0).get("runId").asString()).isEqualTo("no-such-run");
		assertThat(retried.json().get("skipped").get(0).get("status").isNull()).isTrue();
		this.admin.awaitStatus(first, "SUCCEEDED");
		this.admin.awaitStatus(second, "SUCCEEDED");

		// a second retry finds them SUCCEEDED: named with their state, nothing done
		JsonNode again = operatorApi.post("/api/runs/retry", "{\"runIds\":[\"" + first + "\"]}").json();
		assertThat(again.get("runs")).isEmpty();
		assertThat(again.get("skipped").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(operatorApi.post("/api/runs/retry", "{\"runIds\":[]}").status()).isEqualTo(400);
		assertThat(operatorApi.post("/api/runs/retry", "{\"dag\":\"demo-flaky\"}").json().get("detail").asString())
			.contains("errorType");
	}

	@Test
	void api_actions_are_audited_with_who_did_what_to_which_run() {
		String runId = failedRun();
		Api operatorApi = Api.basic(this.port, this.operator, ConsoleAccessTest.PASSWORD);
		assertThat(operatorApi.post("/api/runs/" + runId + "/retry", "{}").status()).isBetween(200, 299);
		String audit = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD).get("/console/audit").body();
		assertThat(audit).contains("POST /api/runs/{runId}/retry").contains("runId=" + runId).contains(this.operator);
	}

	@Test
	void a_failed_run_shows_its_graph_timeline_error_and_logs_and_retries_from_its_page() {
		String runId = failedRun();
		ConsoleSession console = ConsoleSession.signIn(this.port, this.operator, ConsoleAccessTest.PASSWORD);
		String page = console.get("/console/runs/" + runId).body();
		assertThat(page).contains("<svg class=\"graph\"")
			.contains("st-FAILED")
			.contains("svg class=\"gantt\"")
			.contains("(permanent)")
			.contains("Stack trace")
			.contains("id=\"retry\"")
			.contains("sse-connect=\"/console/runs/" + runId + "/live");
		var retry = console.post("/console/runs/" + runId + "/retry", "");
		assertThat(retry.statusCode()).isEqualTo(302);
		assertThat(console.get("/console/runs/" + runId).body()).contains("Retry queued");
		this.admin.awaitStatus(runId, "SUCCEEDED");
		// the live stream of an ended run sends its final state, then ends
		String events = console.get("/console/runs/" + runId + "/live?shown=stale").body();
		assertThat(events).contains("event:run").contains("SUCCEEDED");
		// retrying a run that succeeded is refused with the reason, not an error page
		var again = console.post("/console/runs/" + runId + "/retry", "");
		assertThat(console.get("/console/runs/" + runId).body()).contains("only a FAILED run can be retried");
		assertThat(again.statusCode()).isEqualTo(302);
	}

	@Test
	void staff_accounts_are_validated_and_the_last_admin_cannot_be_removed() {
		String name = "dup-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.admin.post("/api/users", ConsoleAccessTest.user(name, "VIEWER")).status()).isEqualTo(201);
		Api.Reply duplicate = this.admin.post("/api/users", ConsoleAccessTest.user(name, "VIEWER"));
		assertThat(duplicate.status()).isEqualTo(409);
		Api.Reply weak = this.admin.post("/api/users",
				"{\"username\":\"weak-" + name + "\",\"password\":\"short\",\"role\":\"VIEWER\"}");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.json().get("detail").asString()).contains("\"password\"");
		assertThat(this.admin.get("/api/users").body()).doesNotContain("password");

		Api.Reply lastAdmin = this.admin.patch("/api/users/admin", "{\"role\":\"VIEWER\"}");
		assertThat(lastAdmin.status()).isEqualTo(400);
		assertThat(lastAdmin.json().get("detail").asString()).contains("no active admin");

		assertThat(this.admin.patch("/api/users/" + name, "{\"disabled\":true}").status()).isEqualTo(200);
		assertThat(ConsoleSession.signInRedirect(this.port, name, ConsoleAccessTest.PASSWORD)).endsWith("/login?error");
		assertThat(this.admin.patch("/api/users/" + name, "{\"disabled\":false,\"role\":\"OPERATOR\"}").status())
			.isEqualTo(200);
		assertThat(Api.basic(this.port, name, ConsoleAccessTest.PASSWORD).post("/api/runs/none/retry", "{}").status())
			.isEqualTo(404);
	}

	@Test
	void the_dashboard_shows_the_day_and_a_dag_can_be_triggered_with_json_from_its_page() {
		ConsoleSession console = ConsoleSession.signIn(this.port, this.operator, ConsoleAccessTest.PASSWORD);
		String dashboard = console.get("/console").body();
		assertThat(dashboard).contains("svg class=\"chart\"").contains("success rate").contains("dead letters");
		var bad = console.post("/console/dags/demo-noop/runs", "data=" + ConsoleSession.encode("{not json"));
		assertThat(bad.headers().firstValue("Location").orElseThrow()).endsWith("/console/dags/demo-noop");
		assertThat(console.get("/console/dags/demo-noop").body()).contains("must be a JSON object");
		var good = console.post("/console/dags/demo-noop/runs",
				"data=" + ConsoleSession.encode("{\"tasks\":2,\"sleepMs\":1}"));
		String location = good.headers().firstValue("Location").orElseThrow();
		assertThat(location).contains("/console/runs/");
		this.admin.awaitStatus(location.substring(location.lastIndexOf('/') + 1), "SUCCEEDED");
	}

}
