package io.sermonflow.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.FromAddress;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's accounts and sessions: revocation that takes effect on the next request,
 * sign-in throttling that cannot be turned on a victim, tokens bound to the admin who
 * minted them, the admin bootstrap, and the headers behind TLS. Distinct loopback
 * addresses (127.0.0.2, 127.0.0.3, …) play distinct clients; 127.0.0.9 is the trusted
 * reverse proxy of the test profile.
 */
@SermonflowTest
class AccountSecurityTest {

	static final String PASSWORD = "a-long-test-password";

	static final String PROXY = "127.0.0.9";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StaffUsers users;

	@Autowired
	PlatformTransactionManager transactions;

	final List<String> names = new ArrayList<>();

	@AfterEach
	void forgetFailures() {
		// other tests sign in from 127.0.0.1: leave no count behind for them
		this.jdbc.sql("DELETE FROM sf_sign_in_failure").update();
	}

	String newUser(String role) {
		String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(Api.admin(this.port)
			.post("/api/users",
					"{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}")
			.status()).isEqualTo(201);
		return name;
	}

	static String expiredRedirect(java.net.http.HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		return response.headers().firstValue("Location").orElse("");
	}

	// ----------------------------------------------------------------- revocation

	@Test
	void disabling_a_user_ends_their_console_session_at_its_next_request() {
		String name = newUser("OPERATOR");
		ConsoleSession session = ConsoleSession.signIn(this.port, name, PASSWORD);
		assertThat(session.get("/console/runs").statusCode()).isEqualTo(200);

		assertThat(Api.admin(this.port).patch("/api/users/" + name, "{\"disabled\":true}").status()).isEqualTo(200);

		assertThat(expiredRedirect(session.get("/console/runs"))).endsWith("/login?expired");
		// and the session is gone: signed out, not just turned away once
		assertThat(expiredRedirect(session.get("/console/runs"))).endsWith("/login");
		assertThat(session.get("/login?expired").body()).contains("Your session ended because your account changed");
	}

	@Test
	void a_demoted_admin_loses_admin_rights_on_the_next_request() {
		String name = newUser("ADMIN");
		ConsoleSession session = ConsoleSession.signIn(this.port, name, PASSWORD);
		assertThat(session.get("/console/users").statusCode()).isEqualTo(200);

		assertThat(Api.admin(this.port).patch("/api/users/" + name, "{\"role\":\"VIEWER\"}").status()).isEqualTo(200);

		assertThat(expiredRedirect(session.get("/console/users"))).endsWith("/login?expired");
		ConsoleSession again = ConsoleSession.signIn(this.port, name, PASSWORD);
		assertThat(again.get("/console/users").statusCode()).isEqualTo(403);
		assertThat(again.get("/console/runs").statusCode()).isEqualTo(200);
	}

	@Test
	void a_changed_password_ends_the_sessions_signed_in_with_the_old_one() {
		String name = newUser("VIEWER");
		ConsoleSession first = ConsoleSession.signIn(this.port, name, PASSWORD);
		ConsoleSession second = ConsoleSession.signIn(this.port, name, PASSWORD);

		assertThat(
				Api.admin(this.port).patch("/api/users/" + name, "{\"password\":\"another-long-password\"}").status())
			.isEqualTo(200);

		assertThat(expiredRedirect(first.get("/console"))).endsWith("/login?expired");
		assertThat(expiredRedirect(second.get("/console"))).endsWith("/login?expired");
		assertThat(ConsoleSession.signIn(this.port, name, "another-long-password").get("/console").statusCode())
			.isEqualTo(200);
	}

	@Test
	void a_token_stops_working_when_the_admin_who_minted_it_is_demoted_or_disabled() {
		String minter = newUser("ADMIN");
		Api minterApi = Api.basic(this.port, minter, PASSWORD);
		String token = minterApi.post("/api/tokens", "{\"name\":\"ci\",\"role\":\"OPERATOR\"}")
			.json()
			.get("token")
			.asString();
		Api ci = Api.bearer(this.port, token);
		assertThat(ci.post("/api/events", "{\"name\":\"nobody/listens\"}").status()).isEqualTo(202);

		Api admin = Api.admin(this.port);
		// below the token's role: the token goes with the minter's rights
		assertThat(admin.patch("/api/users/" + minter, "{\"role\":\"VIEWER\"}").status()).isEqualTo(200);
		assertThat(ci.get("/api/runs").status()).isEqualTo(401);
		// an OPERATOR minter still covers an OPERATOR token
		assertThat(admin.patch("/api/users/" + minter, "{\"role\":\"OPERATOR\"}").status()).isEqualTo(200);
		assertThat(ci.get("/api/runs").status()).isEqualTo(200);

		assertThat(admin.patch("/api/users/" + minter, "{\"disabled\":true}").status()).isEqualTo(200);
		assertThat(ci.get("/api/runs").status()).isEqualTo(401);
	}

	@Test
	void a_token_with_an_expiry_stops_working_then_and_says_when_it_was_last_used() {
		Api admin = Api.admin(this.port);
		Instant expiresAt = Instant.now().plusSeconds(3);
		Api.Reply created = admin.post("/api/tokens",
				"{\"name\":\"short-lived\",\"role\":\"VIEWER\",\"expiresAt\":\"" + expiresAt + "\"}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api holder = Api.bearer(this.port, created.json().get("token").asString());
		Instant before = Instant.now().minusSeconds(1);
		assertThat(holder.get("/api/runs").status()).isEqualTo(200);

		String listed = admin.get("/api/tokens").body();
		assertThat(listed).contains(id).contains("\"expiresAt\":\"" + expiresAt.toString().substring(0, 19));
		Instant lastUsed = this.jdbc.sql("SELECT last_used_at FROM sf_api_token WHERE token_id = ?")
			.param(id)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
		assertThat(lastUsed).isAfter(before);
		// recorded at most once a minute by a node: a use right after writes nothing,
		// even
		// when the stored time is older than that (backdated here)
		this.jdbc.sql("UPDATE sf_api_token SET last_used_at = now() - interval '2 minutes' WHERE token_id = ?")
			.param(id)
			.update();
		assertThat(holder.get("/api/runs").status()).isEqualTo(200);
		assertThat(this.jdbc
			.sql("SELECT last_used_at < now() - interval '90 seconds' FROM sf_api_token WHERE token_id = ?")
			.param(id)
			.query(Boolean.class)
			.single()).isTrue();

		await().atMost(Duration.ofSeconds(60)).until(() -> holder.get("/api/runs").status() == 401);
		assertThat(Instant.now()).isAfter(expiresAt);
		assertThat(admin.post("/api/tokens", "{\"name\":\"x\",\"role\":\"VIEWER\",\"expiresAt\":\"next week\"}")
			.json()
			.get("detail")
			.asString()).contains("expiresAt");
	}

	// ----------------------------------------------------------------- sign-in
	// throttling

	Map<String, Object> failures(String key) {
		return this.jdbc.sql("""
				SELECT failures, EXTRACT(EPOCH FROM blocked_until - last_at) AS delay,
				       COALESCE(blocked_until > now(), false) AS blocked
				FROM sf_sign_in_failure WHERE key = ?""").param(key).query().singleRow();
	}

	@Test
	void failures_for_a_name_from_one_address_slow_that_address_only_with_growing_delays() throws Exception {
		String name = newUser("VIEWER");
		FromAddress attacker = FromAddress.of("127.0.0.2", this.port);
		FromAddress owner = FromAddress.of("127.0.0.3", this.port);
		String pair = "pair:" + name + "|127.0.0.2";
		for (int i = 0; i < 4; i++) {
			assertThat(attacker.get("/api/runs", name, "wrong-" + i).status()).isEqualTo(401);
		}
		assertThat(failures(pair)).containsEntry("failures", 4).containsEntry("delay", null);
		// the fifth failure makes the next try from there wait 1 s, the sixth 2 s, the
		// seventh 4 s
		for (int failure = 5; failure <= 7; failure++) {
			await().atMost(Duration.ofSeconds(60)).until(() -> !(Boolean) failures(pair).get("blocked"));
			assertThat(attacker.get("/api/runs", name, "wrong-" + failure).status()).isEqualTo(401);
			Map<String, Object> counted = failures(pair);
			assertThat(counted.get("failures")).isEqualTo(failure);
			assertThat(((Number) counted.get("delay")).doubleValue()).isEqualTo(Math.pow(2, failure - 5));
		}

		// the owner signs in from elsewhere all along, on the API and the console
		assertThat(owner.get("/api/runs", name, PASSWORD).status()).isEqualTo(200);
		assertThat(ConsoleSession.signIn(this.port, name, PASSWORD).get("/console").statusCode()).isEqualTo(200);

		// while the delay runs (made long here, as after an hour of guessing), the
		// right password does not get through from the attacker's address, and the
		// console's form says to wait
		this.jdbc.sql("UPDATE sf_sign_in_failure SET blocked_until = now() + interval '10 minutes' WHERE key = ?")
			.param(pair)
			.update();
		assertThat(attacker.get("/api/runs", name, PASSWORD).status()).isEqualTo(401);
		assertThat(owner.get("/api/runs", name, PASSWORD).status()).isEqualTo(200);

		// an ADMIN clears the count from the console
		ConsoleSession admin = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		assertThat(admin.get("/console/users").body()).contains(name).contains("127.0.0.2");
		assertThat(
				admin.post("/console/users/sign-in-failures/clear", "key=" + ConsoleSession.encode(pair)).statusCode())
			.isEqualTo(302);
		assertThat(attacker.get("/api/runs", name, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void the_console_form_is_slowed_alike_and_says_so() {
		String name = newUser("VIEWER");
		for (int i = 0; i < 5; i++) {
			assertThat(ConsoleSession.signInRedirect(this.port, name, "wrong-password-" + i)).endsWith("/login?error");
		}
		this.jdbc.sql("UPDATE sf_sign_in_failure SET blocked_until = now() + interval '10 minutes' WHERE key = ?")
			.param("pair:" + name + "|127.0.0.1")
			.update();
		assertThat(ConsoleSession.signInRedirect(this.port, name, PASSWORD)).endsWith("/login?locked");
		assertThat(ConsoleSession.anonymous(this.port).get("/login?locked").body())
			.contains("Too many failed sign-ins");
		assertThat(Api.admin(this.port)
			.delete("/api/users/sign-in-failures?key=" + ConsoleSession.encode("pair:" + name + "|127.0.0.1"))
			.status()).isEqualTo(204);
		assertThat(ConsoleSession.signInRedirect(this.port, name, PASSWORD)).endsWith("/console");
	}

	@Test
	void guesses_sent_at_once_cannot_get_past_the_limit_together() throws Exception {
		String name = newUser("VIEWER");
		FromAddress attacker = FromAddress.of("127.0.0.4", this.port);
		int guesses = 24;
		ExecutorService pool = Executors.newFixedThreadPool(guesses);
		long started = System.nanoTime();
		try {
			List<Future<Integer>> sent = new ArrayList<>();
			for (int i = 0; i < guesses; i++) {
				String guess = "guess-" + i;
				sent.add(pool.submit(() -> attacker.get("/api/runs", name, guess).status()));
			}
			for (Future<Integer> status : sent) {
				assertThat(status.get()).isEqualTo(401);
			}
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		// five free tries, then one more each time a delay (1 s, 2 s, 4 s, ...) ran out
		// while the burst lasted: never the whole burst's worth of password checks
		int allowed = 5 + (int) Math.ceil(Math.log(seconds + 1) / Math.log(2));
		int counted = (Integer) failures("pair:" + name + "|127.0.0.4").get("failures");
		assertThat(counted).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(allowed).isLessThan(guesses);
	}

	@Test
	void twenty_failures_from_one_address_slow_it_for_every_name_and_no_other_address() throws Exception {
		String victim = newUser("VIEWER");
		FromAddress sprayer = FromAddress.of("127.0.0.5", this.port);
		for (int i = 0; i < 20; i++) {
			// four tries each for five names: no one name reaches its own limit
			assertThat(sprayer.get("/api/runs", "sprayed-" + (i % 5), "guess-" + i).status()).isEqualTo(401);
		}
		Map<String, Object> address = failures("address:127.0.0.5");
		assertThat(address.get("failures")).isEqualTo(20);
		assertThat(((Number) address.get("delay")).doubleValue()).isEqualTo(1.0);

		this.jdbc.sql("UPDATE sf_sign_in_failure SET blocked_until = now() + interval '10 minutes' WHERE key = ?")
			.param("address:127.0.0.5")
			.update();
		assertThat(sprayer.get("/api/runs", victim, PASSWORD).status()).isEqualTo(401);
		assertThat(FromAddress.of("127.0.0.6", this.port).get("/api/runs", victim, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void the_client_address_comes_from_x_forwarded_for_only_through_a_trusted_proxy() throws Exception {
		String name = newUser("VIEWER");
		// documentation addresses (RFC 5737): only ever a header value, never connected
		// to
		assertThat(FromAddress.of(PROXY, this.port)
			.get("/api/runs", name, "wrong", Map.of("X-Forwarded-For", "203.0.113.7"))
			.status()).isEqualTo(401);
		assertThat(FromAddress.of("127.0.0.2", this.port)
			.get("/api/runs", name, "wrong", Map.of("X-Forwarded-For", "203.0.113.8"))
			.status()).isEqualTo(401);

		List<String> keys = this.jdbc.sql("SELECT key FROM sf_sign_in_failure WHERE username = ? ORDER BY key")
			.param(name)
			.query(String.class)
			.list();
		assertThat(keys).containsExactly("pair:" + name + "|127.0.0.2", "pair:" + name + "|203.0.113.7");
	}

	// ----------------------------------------------------------------- TLS headers

	@Test
	void hsts_and_a_secure_cookie_only_when_a_trusted_proxy_says_the_request_came_over_tls() throws Exception {
		Map<String, String> https = Map.of("X-Forwarded-Proto", "https");
		FromAddress.Response proxied = FromAddress.of(PROXY, this.port).get("/login", https);
		assertThat(proxied.status()).isEqualTo(200);
		assertThat(proxied.headers().get("strict-transport-security")).contains("max-age=31536000");
		assertThat(proxied.headers().get("set-cookie")).contains("JSESSIONID").contains("Secure");

		FromAddress.Response spoofed = FromAddress.of("127.0.0.2", this.port).get("/login", https);
		assertThat(spoofed.headers()).doesNotContainKey("strict-transport-security");
		assertThat(spoofed.headers().get("set-cookie")).contains("JSESSIONID").doesNotContain("Secure");
		assertThat(FromAddress.of(PROXY, this.port).get("/login", Map.of()).headers())
			.doesNotContainKey("strict-transport-security");
	}

	@Test
	void the_content_security_policy_pins_base_and_form_targets_on_public_pages_too() throws Exception {
		for (String path : new String[] { "/", "/login", "/sermons" }) {
			String csp = FromAddress.of("127.0.0.2", this.port)
				.get(path, Map.of())
				.headers()
				.get("content-security-policy");
			assertThat(csp).as(path).contains("base-uri 'self'").contains("form-action 'self'");
		}
	}

	// ----------------------------------------------------------------- admin bootstrap

	@Test
	void an_admin_password_from_the_environment_shorter_than_twelve_characters_stops_the_start(@TempDir Path dir) {
		assertThatThrownBy(() -> new AdminBootstrap(this.users, "short-pass", dir))
			.hasMessageContaining("SERMONFLOW_ADMIN_PASSWORD must be at least 12 characters");
	}

	@Test
	void a_start_neither_re_enables_a_disabled_admin_nor_gives_back_its_role(@TempDir Path dir) {
		// the built-in admin as a staff decision left it, seen inside one transaction
		// rolled back at the end, so the other tests keep their admin
		new TransactionTemplate(this.transactions).executeWithoutResult((tx) -> {
			this.jdbc.sql("UPDATE sf_user SET disabled = true, role = 'OPERATOR' WHERE username = 'admin'").update();
			new AdminBootstrap(this.users, Api.ADMIN_PASSWORD, dir).run(null);
			assertThat(this.users.standing("admin")).get()
				.satisfies((standing) -> assertThat(standing.disabled()).isTrue())
				.satisfies((standing) -> assertThat(standing.role()).isEqualTo(Role.OPERATOR));
			tx.setRollbackOnly();
		});
	}

	@Test
	void a_generated_password_goes_to_a_file_only_its_owner_can_read(@TempDir Path dir) {
		new TransactionTemplate(this.transactions).executeWithoutResult((tx) -> {
			this.jdbc.sql("UPDATE sf_user SET username = 'admin-set-aside' WHERE username = 'admin'").update();
			new AdminBootstrap(this.users, "", dir).run(null);
			Path file = dir.resolve(AdminBootstrap.PASSWORD_FILE);
			try {
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
				String password = Files.readString(file).strip();
				assertThat(password).hasSizeGreaterThanOrEqualTo(UserAdministration.MIN_PASSWORD_LENGTH);
				assertThat(this.users.passwordMatches("admin", password)).isTrue();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			tx.setRollbackOnly();
		});
	}

}
