package io.sermonflow.console;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may reach what: anonymous, viewer, operator and admin against every console route
 * and the API's, each expected status taken from one table. Actions in the table name
 * things that do not exist, so a permitted request answers 404 (or a redirect) and
 * changes nothing; what matters is whether the role got through.
 */
@SermonflowTest
class ConsoleAccessTest {

	static final String PASSWORD = "a-long-test-password";

	// method, path, form body, then the status for anonymous, viewer, operator, admin
	static final Object[][] CONSOLE = { { "GET", "/console", "", 302, 200, 200, 200 },
			{ "GET", "/console/dags", "", 302, 200, 200, 200 },
			{ "GET", "/console/dags/demo-noop", "", 302, 200, 200, 200 },
			{ "GET", "/console/dags/no-such-dag", "", 302, 404, 404, 404 },
			{ "GET", "/console/runs", "", 302, 200, 200, 200 },
			{ "GET", "/console/runs?status=FAILED&since=24h", "", 302, 200, 200, 200 },
			{ "GET", "/console/runs/no-such-run", "", 302, 404, 404, 404 },
			{ "GET", "/console/failures", "", 302, 200, 200, 200 }, { "GET", "/console/dlq", "", 302, 200, 200, 200 },
			{ "GET", "/console/schedules", "", 302, 200, 200, 200 },
			{ "GET", "/console/imports", "", 302, 200, 200, 200 },
			{ "GET", "/console/imports/no-such-import", "", 302, 404, 404, 404 },
			{ "POST", "/console/imports/no-such-import/pause", "", 302, 403, 404, 404 },
			{ "POST", "/console/imports", "feedUrl=http%3A%2F%2Fmetadata.test%2Ffeed.xml", 302, 403, 302, 302 },
			{ "GET", "/console/sermons", "", 302, 200, 200, 200 },
			{ "GET", "/console/sermons/no-such-sermon", "", 302, 404, 404, 404 },
			{ "GET", "/console/audit", "", 302, 200, 200, 200 }, { "GET", "/console/nodes", "", 302, 200, 200, 200 },
			{ "GET", "/console/fragments/active", "", 302, 200, 200, 200 },
			{ "GET", "/console/users", "", 302, 403, 403, 200 },
			{ "POST", "/console/dags/no-such-dag/pause", "", 302, 403, 404, 404 },
			{ "POST", "/console/dags/no-such-dag/runs", "data=%7B%7D", 302, 403, 404, 404 },
			{ "POST", "/console/runs/no-such-run/retry", "", 302, 403, 404, 404 },
			{ "POST", "/console/runs/no-such-run/cancel", "", 302, 403, 404, 404 },
			{ "POST", "/console/runs/no-such-run/tasks/t/clear", "", 302, 403, 404, 404 },
			{ "POST", "/console/runs/retry", "runId=no-such-run", 302, 403, 302, 302 },
			{ "POST", "/console/failures/retry", "dag=no-such-dag&type=X", 302, 403, 302, 302 },
			{ "POST", "/console/dlq/redrive", "messageId=no-such-letter", 302, 403, 302, 302 },
			{ "POST", "/console/dlq/no-such-letter/delete", "", 302, 403, 403, 302 },
			{ "POST", "/console/dlq/no-such-letter/redrive", "body=%7B%7D", 302, 403, 403, 302 },
			{ "POST", "/console/schedules/no-such-schedule/pause", "", 302, 403, 302, 302 },
			{ "POST", "/console/schedules/no-such-schedule/delete", "", 302, 403, 403, 302 },
			{ "POST", "/console/sermons/no-such-sermon/delete", "", 302, 403, 403, 302 },
			{ "POST", "/console/sermons/no-such-sermon/unpublish", "", 302, 403, 404, 404 },
			{ "POST", "/console/sermons/no-such-sermon/publish", "publishAt=", 302, 403, 404, 404 },
			{ "POST", "/console/sermons/no-such-sermon/chapters", "chapters=0%3A00+Welcome", 302, 403, 302, 302 },
			{ "POST", "/console/sermons/no-such-sermon/soundbites/no-such-clip/delete", "", 302, 403, 302, 302 },
			{ "POST", "/console/sermons/no-such-sermon/transcript/segments/0/merge", "version=1", 302, 403, 302, 302 },
			{ "POST", "/console/users/no-such-user", "role=VIEWER", 302, 403, 403, 302 },
			{ "POST", "/console/tokens/no-such-token/revoke", "", 302, 403, 403, 302 } };

	// method, path, JSON body, then the status for anonymous, viewer, operator, admin
	static final Object[][] API = { { "GET", "/api/runs", null, 401, 200, 200, 200 },
			{ "GET", "/api/dags", null, 401, 200, 200, 200 }, { "GET", "/api/dlq", null, 401, 200, 200, 200 },
			{ "GET", "/api/nodes", null, 401, 200, 200, 200 }, { "GET", "/api/schedules", null, 401, 200, 200, 200 },
			{ "GET", "/api/sermons", null, 401, 200, 200, 200 }, { "GET", "/api/users", null, 401, 403, 403, 200 },
			{ "POST", "/api/events", "{\"name\":\"nobody/listens\"}", 401, 403, 202, 202 },
			{ "POST", "/api/runs/no-such-run/retry", "{}", 401, 403, 404, 404 },
			{ "GET", "/api/runs/failures", null, 401, 200, 200, 200 },
			{ "POST", "/api/runs/retry?dryRun=true", "{\"runIds\":[\"no-such-run\"]}", 401, 403, 200, 200 },
			{ "POST", "/api/dags/no-such-dag/pause", "{}", 401, 403, 404, 404 },
			{ "DELETE", "/api/dlq/no-such-letter", null, 401, 403, 403, 404 },
			{ "DELETE", "/api/sermons/no-such-sermon", null, 401, 403, 403, 404 },
			{ "PATCH", "/api/users/no-such-user", "{\"role\":\"VIEWER\"}", 401, 403, 403, 404 },
			{ "PATCH", "/api/sermons/no-such-sermon/transcript", "{\"version\":1,\"segments\":[]}", 401, 403, 404,
					404 },
			{ "PUT", "/api/sermons/no-such-sermon/chapters", "{\"chapters\":[]}", 401, 403, 404, 404 },
			{ "POST", "/api/sermons/no-such-sermon/publish", "{}", 401, 403, 404, 404 },
			{ "POST", "/api/sermons/no-such-sermon/unpublish", "{}", 401, 403, 404, 404 },
			{ "POST", "/api/sermons/no-such-sermon/transcript/split", "{\"version\":1,\"index\":0,\"word\":1}", 401,
					403, 404, 404 },
			{ "POST", "/api/sermons/no-such-sermon/soundbites", "{}", 401, 403, 404, 404 },
			{ "DELETE", "/api/sermons/no-such-sermon/soundbites/no-such-clip", null, 401, 403, 404, 404 },
			{ "GET", "/api/search?q=grace", null, 200, 200, 200, 200 },
			{ "GET", "/actuator/health", null, 200, 200, 200, 200 },
			{ "GET", "/actuator/prometheus", null, 401, 200, 200, 200 } };

	@LocalServerPort
	int port;

	String viewer;

	String operator;

	@BeforeEach
	void users() {
		Api admin = Api.admin(this.port);
		this.viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
		this.operator = "operator-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(admin.post("/api/users", user(this.viewer, "VIEWER")).status()).isEqualTo(201);
		assertThat(admin.post("/api/users", user(this.operator, "OPERATOR")).status()).isEqualTo(201);
	}

	static String user(String name, String role) {
		return "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}";
	}

	@Test
	void every_console_route_answers_each_role_as_the_table_says() {
		ConsoleSession[] sessions = { ConsoleSession.anonymous(this.port),
				ConsoleSession.signIn(this.port, this.viewer, PASSWORD),
				ConsoleSession.signIn(this.port, this.operator, PASSWORD),
				ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD) };
		List<String> wrong = new ArrayList<>();
		for (Object[] row : CONSOLE) {
			for (int who = 0; who < sessions.length; who++) {
				int status = "GET".equals(row[0]) ? sessions[who].get((String) row[1]).statusCode()
						: sessions[who].post((String) row[1], (String) row[2]).statusCode();
				if (status != (int) row[3 + who]) {
					wrong.add(
							row[0] + " " + row[1] + " as " + ROLES[who] + ": " + status + ", expected " + row[3 + who]);
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void every_api_route_answers_each_role_as_the_table_says() {
		Api[] callers = { Api.anonymous(this.port), Api.basic(this.port, this.viewer, PASSWORD),
				Api.basic(this.port, this.operator, PASSWORD), Api.admin(this.port) };
		List<String> wrong = new ArrayList<>();
		for (Object[] row : API) {
			for (int who = 0; who < callers.length; who++) {
				Api caller = callers[who];
				Api.Reply reply = switch ((String) row[0]) {
					case "GET" -> caller.get((String) row[1]);
					case "POST" -> caller.post((String) row[1], (String) row[2]);
					case "PATCH" -> caller.patch((String) row[1], (String) row[2]);
					case "PUT" -> caller.put((String) row[1], (String) row[2]);
					default -> caller.delete((String) row[1]);
				};
				if (reply.status() != (int) row[3 + who]) {
					wrong.add(row[0] + " " + row[1] + " as " + ROLES[who] + ": " + reply.status() + ", expected "
							+ row[3 + who]);
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	static final String[] ROLES = { "anonymous", "viewer", "operator", "admin" };

	@Test
	void a_console_form_without_its_csrf_token_is_refused_even_for_an_admin() {
		ConsoleSession admin = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		assertThat(admin.postRaw("/console/runs/retry", "runId=x").statusCode()).isEqualTo(403);
		assertThat(admin.postRaw("/console/runs/retry", "runId=x&_csrf=forged").statusCode()).isEqualTo(403);
		assertThat(
				admin.postRaw("/console/users", "username=mallory&password=" + PASSWORD + "&role=ADMIN").statusCode())
			.isEqualTo(403);
		assertThat(Api.admin(this.port).get("/api/users").body()).doesNotContain("mallory");
	}

	@Test
	void signing_in_gives_a_new_session_id() {
		ConsoleSession session = ConsoleSession.anonymous(this.port);
		String before = session.cookie("JSESSIONID");
		session.post("/login", "username=admin&password=" + ConsoleSession.encode(Api.ADMIN_PASSWORD));
		assertThat(session.cookie("JSESSIONID")).isNotNull().isNotEqualTo(before);
	}

}
