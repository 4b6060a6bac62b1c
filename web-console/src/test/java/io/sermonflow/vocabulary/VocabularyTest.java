package io.sermonflow.vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The offline engine's sermon vocabulary on the real stack: a name the engine cannot know
 * is heard once staff add it in the console, from the next transcription on.
 */
@SermonflowTest
class VocabularyTest {

	@LocalServerPort
	int port;

	@Test
	void a_word_added_in_the_console_is_recognised_in_the_next_transcription() throws Exception {
		Api admin = Api.admin(this.port);
		await().atMost(Duration.ofMinutes(10))
			.until(() -> "READY".equals(admin.get("/api/vocabulary").json().get("state").asString()));
		Path dir = Files.createTempDirectory("sermonflow-vocabulary");
		String before = transcript(admin, record(dir, "before.wav", "0.5"), "Before the word");
		assertThat(before).isNotBlank().doesNotContain("obremski");

		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		staff.get("/console/vocabulary");
		assertThat(staff.post("/console/vocabulary", "words=Obremski").statusCode()).isEqualTo(302);
		assertThat(staff.get("/console/vocabulary").body()).contains("obremski").contains("CMU dictionary");
		JsonNode word = admin.get("/api/vocabulary").json().get("words").get(0);
		assertThat(word.get("word").asString()).isEqualTo("obremski");
		assertThat(word.get("source").asString()).isEqualTo("dictionary");
		assertThat(word.get("addedBy").asString()).isEqualTo("admin");

		String after = transcript(admin, record(dir, "after.wav", "0.6"), "After the word");
		assertThat(after).contains("obremski");
	}

	@Test
	void refuses_what_is_not_a_word_and_leaves_the_list_as_it_was() {
		Api admin = Api.admin(this.port);
		int words = admin.get("/api/vocabulary").json().get("words").size();
		Api.Reply symbols = admin.post("/api/vocabulary", "{\"words\":\"Grace R0ck!\"}");
		assertThat(symbols.status()).isEqualTo(400);
		assertThat(symbols.contentType()).startsWith("application/problem+json");
		assertThat(symbols.json().get("detail").asString()).contains("\"r0ck!\"");
		Api.Reply missing = admin.post("/api/vocabulary", "{\"word\":\"Grace\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("detail").asString()).contains("\"words\"");
		assertThat(admin.post("/api/vocabulary", "{\"words\":\"" + "a".repeat(41) + "\"}").status()).isEqualTo(400);
		assertThat(admin.get("/api/vocabulary").json().get("words").size()).isEqualTo(words);
		assertThat(admin.delete("/api/vocabulary/nosuchword").status()).isEqualTo(404);
		assertThat(Api.anonymous(this.port).post("/api/vocabulary", "{\"words\":\"Grace\"}").status()).isEqualTo(401);
	}

	/** A short announcement naming the preacher, spoken by espeak-ng. */
	private static Path record(Path dir, String name, String endPad) throws Exception {
		Path raw = dir.resolve("raw-" + name);
		Path out = dir.resolve(name);
		run("espeak-ng", "-v", "en-us", "-s", "140", "-w", raw.toString(),
				"Good morning. Pastor Obremski is preaching today.");
		run("sox", raw.toString(), "-r", "16000", "-c", "1", out.toString(), "pad", "0.5", endPad);
		return out;
	}

	private static String transcript(Api admin, Path recording, String title) {
		String id = admin
			.upload("/api/sermons", Map.of("title", title, "preacher", "Ann Example", "preachedOn", "2026-11-29"),
					recording)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(3)).until(() -> Api.isFullyPublished(admin.get("/api/sermons/" + id).json()));
		StringBuilder text = new StringBuilder();
		admin.get("/api/sermons/" + id + "/transcript")
			.json()
			.get("segments")
			.forEach((segment) -> text.append(segment.get("text").asString()).append(' '));
		return text.toString();
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
	}

}
