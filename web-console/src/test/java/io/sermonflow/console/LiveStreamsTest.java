package io.sermonflow.console;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live run pages (server-sent events) are bounded per user and end with the session: at
 * sign-out, and when the user is disabled. The watched run waits in a paused DAG, so its
 * stream would otherwise stay open.
 */
@SermonflowTest
class LiveStreamsTest {

	static final String PASSWORD = "a-long-enough-password";

	@LocalServerPort
	int port;

	Api admin;

	String runId;

	@BeforeEach
	void queueAWatchedRun() {
		this.admin = Api.admin(this.port);
		assertThat(this.admin.post("/api/dags/test-watched/pause", "").status()).isEqualTo(200);
		this.runId = this.admin.trigger("test-watched", "{}");
	}

	@AfterEach
	void release() {
		this.admin.post("/api/dags/test-watched/unpause", "");
		this.admin.post("/api/runs/" + this.runId + "/cancel", "");
	}

	@Test
	void a_user_holds_at_most_four_live_streams_and_signing_out_ends_them() throws Exception {
		ConsoleSession viewer = ConsoleSession.signIn(this.port, newUser("VIEWER"), PASSWORD);
		List<ConsoleSession.Stream> streams = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ConsoleSession.Stream stream = viewer.stream(live());
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			streams.add(stream);
		}
		ConsoleSession.Stream fifth = viewer.stream(live());
		assertThat(fifth.status()).isEqualTo(429);
		// another user is not held back by this one
		ConsoleSession other = ConsoleSession.signIn(this.port, newUser("VIEWER"), PASSWORD);
		ConsoleSession.Stream theirs = other.stream(live());
		assertThat(theirs.status()).isEqualTo(200);
		assertThat(streams).noneMatch((stream) -> stream.ended().isDone());

		assertThat(viewer.post("/logout", "").statusCode()).isEqualTo(302);

		CompletableFuture.allOf(streams.stream().map(ConsoleSession.Stream::ended).toArray(CompletableFuture[]::new))
			.get(60, TimeUnit.SECONDS);
		assertThat(theirs.ended().isDone()).as("the other user's stream goes on").isFalse();
	}

	@Test
	void disabling_a_user_ends_their_live_streams() throws Exception {
		String name = newUser("OPERATOR");
		ConsoleSession operator = ConsoleSession.signIn(this.port, name, PASSWORD);
		ConsoleSession.Stream stream = operator.stream(live());
		assertThat(stream.status()).isEqualTo(200);

		assertThat(this.admin.patch("/api/users/" + name, "{\"disabled\":true}").status()).isEqualTo(200);

		stream.ended().get(60, TimeUnit.SECONDS);
		assertThat(operator.stream(live()).status()).as("and no new stream opens").isNotEqualTo(200);
	}

	private String live() {
		return "/console/runs/" + this.runId + "/live";
	}

	private String newUser(String role) {
		String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(
				this.admin
					.post("/api/users",
							"{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role
									+ "\"}")
					.status())
			.isEqualTo(201);
		return name;
	}

}
