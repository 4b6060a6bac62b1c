package io.sermonflow.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./sermonflow}'s client commands against this running node, with an API token, as
 * an operator types them: readable tables, {@code --json}, and the server's own problem
 * when it refuses, never a traceback.
 */
@SermonflowTest
class ClientCommandsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private String token;

	@BeforeEach
	void token() {
		this.token = Api.admin(this.port)
			.post("/api/tokens", "{\"name\":\"cli-test\",\"role\":\"OPERATOR\"}")
			.json()
			.get("token")
			.asString();
	}

	@Test
	void triggers_lists_and_shows_runs_and_reports_a_refused_action_in_the_servers_words() throws Exception {
		Result triggered = cli(this.token, "trigger", "demo-noop", "--data", "{\"tasks\":2,\"sleepMs\":0}");
		assertThat(triggered.exit()).as(triggered.err()).isZero();
		String runId = triggered.out().strip();
		Api.admin(this.port).awaitStatus(runId, "SUCCEEDED");

		Result runs = cli(this.token, "runs", "--dag", "demo-noop", "--limit", "50");
		assertThat(runs.exit()).isZero();
		assertThat(runs.out().lines().findFirst().orElseThrow()).startsWith("RUN").contains("STATUS");
		assertThat(runs.out()).containsPattern(runId + "\\s+demo-noop\\s+SUCCEEDED");

		Result run = cli(this.token, "run", runId);
		assertThat(run.out()).as(run.err()).contains("task_1").contains("task_2");
		JsonNode json = JSON.readTree(cli(this.token, "run", runId, "--json").out());
		assertThat(json.get("runId").asString()).isEqualTo(runId);
		assertThat(json.get("tasks")).hasSize(2);

		Result retry = cli(this.token, "retry", runId);
		assertThat(retry.exit()).isEqualTo(1);
		assertThat(retry.err()).startsWith("error: 409").contains("SUCCEEDED").doesNotContain("Traceback");
		assertThat(cli(this.token, "run", "no-such-run").err()).startsWith("error: 404");
	}

	@Test
	void uploads_a_sermon_backfills_and_shows_dead_letters() throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-cli");
		Path audio = dir.resolve("sermon.wav");
		Process tone = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
				audio.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(tone.waitFor(60, TimeUnit.SECONDS)).isTrue();

		Result uploaded = cli(this.token, "upload", audio.toString(), "--title", "From the command line", "--preacher",
				"Ann Example", "--date", "2026-11-29");
		assertThat(uploaded.exit()).as(uploaded.err()).isZero();
		String sermonId = uploaded.out().split(" ")[1];
		assertThat(cli(this.token, "sermons").out()).contains(sermonId).contains("From the command line");

		Result missing = cli(this.token, "upload", audio.toString(), "--title", "No date", "--preacher", "Ann");
		assertThat(missing.exit()).isEqualTo(1);
		assertThat(missing.err()).contains("usage: upload FILE");

		Result backfill = cli(this.token, "backfill", "demo-noop", "--items", "[{\"tasks\":1,\"sleepMs\":0}]", "--rate",
				"60");
		assertThat(backfill.out()).as(backfill.err()).matches("(?s)backfill \\S+: 1 runs\\s*");
		String backfillId = backfill.out().split(" ")[1].replace(":", "");
		assertThat(cli(this.token, "backfill", "status", backfillId).out()).contains(backfillId);

		assertThat(cli(this.token, "dlq").out()).startsWith("MESSAGE");
		Result bad = cli("not-a-token", "runs");
		assertThat(bad.exit()).isEqualTo(1);
		assertThat(bad.err()).startsWith("error: 401");
	}

	private Result cli(String token, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("../sermonflow"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("SERMONFLOW_URL", "http://127.0.0.1:" + this.port);
		builder.environment().put("SERMONFLOW_TOKEN", token);
		Process process = builder.start();
		CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
		String out = read(process.getInputStream());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), out, err.get());
	}

	private static String read(java.io.InputStream in) {
		try {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	record Result(int exit, String out, String err) {
	}

}
