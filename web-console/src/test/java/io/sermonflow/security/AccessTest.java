package io.sermonflow.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** API.md §3: who may do what, and how a refusal reads. */
@SermonflowTest
class AccessTest {

	private static final Pattern CSRF = Pattern
		.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void the_api_without_credentials_is_a_401_problem_never_a_redirect() {
		Api anonymous = Api.anonymous(this.port);
		for (Api.Reply reply : new Api.Reply[] { anonymous.get("/api/runs"),
				anonymous.post("/api/events", "{\"name\":\"demo/noop\"}"), anonymous.get("/actuator/prometheus") }) {
			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.location()).isNull();
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.json().get("title").asString()).isEqualTo("Unauthorized");
		}
	}

	@Test
	void a_wrong_password_or_an_unknown_token_is_a_401() {
		assertThat(Api.basic(this.port, "admin", "wrong").get("/api/runs").status()).isEqualTo(401);
		assertThat(Api.bearer(this.port, "sft_not-a-token").get("/api/runs").status()).isEqualTo(401);
		assertThat(Api.bearer(this.port, "garbage").get("/api/runs").status()).isEqualTo(401);
	}

	@Test
	void token_roles_are_enforced_and_a_revoked_token_stops_working() {
		Api admin = Api.admin(this.port);
		Api.Reply created = admin.post("/api/tokens", "{\"name\":\"dashboard\",\"role\":\"VIEWER\"}");
		assertThat(created.status()).isEqualTo(201);
		String token = created.json().get("token").asString();
		assertThat(token).startsWith("sft_");
		Api viewer = Api.bearer(this.port, token);

		assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
		Api.Reply refused = viewer.post("/api/events", "{\"name\":\"demo/noop\"}");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(viewer.post("/api/tokens", "{\"name\":\"x\",\"role\":\"ADMIN\"}").status()).isEqualTo(403);

		String operatorToken = admin.post("/api/tokens", "{\"name\":\"ci\",\"role\":\"OPERATOR\"}")
			.json()
			.get("token")
			.asString();
		assertThat(Api.bearer(this.port, operatorToken).post("/api/events", "{\"name\":\"nobody/listens\"}").status())
			.isEqualTo(202);

		assertThat(admin.delete("/api/tokens/" + created.json().get("id").asString()).status()).isEqualTo(204);
		assertThat(viewer.get("/api/runs").status()).isEqualTo(401);
	}

	@Test
	void a_node_trusts_a_checked_token_for_a_second_at_most_so_a_revocation_elsewhere_reaches_it() {
		Instant[] now = { Instant.parse("2026-12-07T12:00:00Z") };
		Clock clock = new Clock() {
			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now[0];
			}
		};
		ApiTokens tokens = new ApiTokens(this.jdbc, clock);
		ApiTokens.NewToken token = tokens.create("trusted-for-a-second", Role.VIEWER, "admin", null);
		assertThat(tokens.authenticate(token.token())).isPresent();
		// revoked by another node: this one has just checked the token, and trusts it
		this.jdbc.sql("UPDATE sf_api_token SET revoked_at = now() WHERE token_id = ?").param(token.id()).update();
		now[0] = now[0].plusMillis(999);
		assertThat(tokens.authenticate(token.token())).isPresent();
		now[0] = now[0].plus(Duration.ofMillis(1));
		assertThat(tokens.authenticate(token.token())).isEmpty();

		// and over HTTP: a token revoked behind the application's back stops working
		Api.Reply created = Api.admin(this.port).post("/api/tokens", "{\"name\":\"elsewhere\",\"role\":\"VIEWER\"}");
		Api holder = Api.bearer(this.port, created.json().get("token").asString());
		assertThat(holder.get("/api/runs").status()).isEqualTo(200);
		this.jdbc.sql("UPDATE sf_api_token SET revoked_at = now() WHERE token_id = ?")
			.param(created.json().get("id").asString())
			.update();
		await().atMost(Duration.ofSeconds(20)).until(() -> holder.get("/api/runs").status() == 401);
	}

	@Test
	void creating_a_token_with_an_unknown_role_is_a_400_naming_the_roles() {
		Api.Reply reply = Api.admin(this.port).post("/api/tokens", "{\"name\":\"x\",\"role\":\"ROOT\"}");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().get("detail").asString()).contains("VIEWER, OPERATOR, ADMIN");
	}

	@Test
	void the_console_sends_anonymous_visitors_to_the_login_page() {
		Api.Reply reply = Api.anonymous(this.port).get("/console");
		assertThat(reply.status()).isEqualTo(302);
		assertThat(reply.location()).endsWith("/login");
	}

	@Test
	void listener_paths_and_health_are_public_without_details() {
		Api anonymous = Api.anonymous(this.port);
		assertThat(anonymous.get("/").status()).isEqualTo(200);
		assertThat(anonymous.get("/login").status()).isEqualTo(200);
		Api.Reply health = anonymous.get("/actuator/health");
		assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
		assertThat(health.json().get("components").get("db").has("details")).isFalse();
	}

	@Test
	void signing_in_with_the_form_leads_to_the_console() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString()).body();
		String csrf = csrfOf(page);

		HttpResponse<String> login = browser.send(
				form("/login", "username=admin&password="
						+ URLEncoder.encode(Api.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf),
				HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/console");

		HttpResponse<String> console = browser.send(get("/console"), HttpResponse.BodyHandlers.ofString());
		assertThat(console.statusCode()).isEqualTo(200);
		assertThat(console.body()).contains("Sermonflow console").contains("admin");
	}

	@Test
	void a_form_post_without_the_csrf_token_is_refused() throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> login = browser.send(
				form("/login",
						"username=admin&password=" + URLEncoder.encode(Api.ADMIN_PASSWORD, StandardCharsets.UTF_8)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(403);
		assertThat(browser.send(get("/console"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(302);
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build();
	}

	private HttpRequest form(String path, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static String csrfOf(String page) {
		Matcher matcher = CSRF.matcher(page);
		assertThat(matcher.find()).as("the login form carries a CSRF token").isTrue();
		return URLEncoder.encode((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2),
				StandardCharsets.UTF_8);
	}

}
