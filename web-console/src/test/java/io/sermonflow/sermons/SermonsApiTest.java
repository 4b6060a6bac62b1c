package io.sermonflow.sermons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The sermons API's face: uploads and URLs over HTTP, the problems bad input gets, edits
 * and deletes by role. The pipeline itself is tested in the jobs module.
 */
@SermonflowTest
class SermonsApiTest {

	static final Path MEDIA = Path.of("target", "test-data", "media");

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void a_sermon_fetched_from_a_url_is_published() throws Exception {
		Path tone = TestAudio.tone(this.dir.resolve("remote.mp3"), 4, 330);
		com.sun.net.httpserver.HttpServer source = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
		source.createContext("/sunday.mp3", (exchange) -> {
			byte[] body = Files.readAllBytes(tone);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		source.start();
		try {
			Api.Reply created = this.api.post("/api/sermons", "{\"sourceUrl\":\"http://sermons.test:"
					+ source.getAddress().getPort()
					+ "/sunday.mp3\",\"title\":\"Remote\",\"preacher\":\"Ann Example\",\"preachedOn\":\"2026-11-22\"}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			JsonNode sermon = awaitSermon(created.json().get("sermonId").asString(), "PUBLISHED");
			assertThat(sermon.get("durationSeconds").asDouble()).isCloseTo(4, within(0.2));
		}
		finally {
			source.stop(0);
		}
	}

	@Test
	void bad_uploads_are_problems_naming_the_fault_and_store_nothing() throws IOException {
		Path small = TestAudio.tone(this.dir.resolve("tone.mp3"), 2, 440);
		Api.Reply noFile = this.api.upload("/api/sermons", Map.of("title", "x"), null);
		assertThat(noFile.status()).isEqualTo(400);
		assertThat(noFile.json().get("detail").asString()).contains("\"file\"");
		Api.Reply noTitle = this.api.upload("/api/sermons", Map.of("preacher", "A", "preachedOn", "2026-11-22"), small);
		assertThat(noTitle.status()).isEqualTo(400);
		assertThat(noTitle.json().get("detail").asString()).contains("\"title\"");
		Api.Reply badDate = this.api.upload("/api/sermons",
				Map.of("title", "x", "preacher", "A", "preachedOn", "last sunday"), small);
		assertThat(badDate.json().get("detail").asString()).contains("\"preachedOn\"");
		Path huge = this.dir.resolve("huge.wav");
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
			// over the 20 MiB file cap, under the request cap: refused while it streams
			file.setLength(20L * 1024 * 1024 + 512 * 1024);
		}
		Api.Reply tooLarge = this.api.upload("/api/sermons",
				Map.of("title", "x", "preacher", "A", "preachedOn", "2026-11-22"), huge);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.contentType()).startsWith("application/problem+json");
		String details = "\"title\":\"x\",\"preacher\":\"A\",\"preachedOn\":\"2026-11-22\"";
		Api.Reply metadata = this.api.post("/api/sermons",
				"{\"sourceUrl\":\"http://metadata.test/latest/meta-data/\"," + details + "}");
		assertThat(metadata.status()).isEqualTo(400);
		assertThat(metadata.json().get("detail").asString()).contains("169.254.0.0/16")
			.doesNotContain("169.254.169.254");
		assertThat(this.api.post("/api/sermons", "{\"sourceUrl\":\"file:///etc/passwd\"," + details + "}")
			.json()
			.get("detail")
			.asString()).contains("http and https");
		assertThat(this.api.post("/api/sermons", "{\"sourceUrl\":\"http://nowhere.test/a.mp3\"," + details + "}")
			.json()
			.get("detail")
			.asString()).contains("does not resolve");
	}

	@Test
	void an_admin_deletes_a_sermon_with_its_media_and_a_viewer_edits_nothing() throws IOException {
		Path tone = TestAudio.tone(this.dir.resolve("tone.mp3"), 3, 440);
		String sermonId = this.api
			.upload("/api/sermons", Map.of("title", "Short", "preacher", "Ann Example", "preachedOn", "2026-11-22"),
					tone)
			.json()
			.get("sermonId")
			.asString();
		JsonNode published = awaitSermon(sermonId, "PUBLISHED");
		assertThat(published.get("listenUrl").asString()).isEqualTo("/sermons/" + sermonId);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> "READY"
				.equals(this.api.get("/api/sermons/" + sermonId).json().get("transcriptState").asString()));
		JsonNode run = this.api.get("/api/runs/" + published.get("runId").asString()).json();
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		// the media tasks state how fast they went, and the run page shows it
		assertThat(Api.task(run, "transcode").get("output").get("realTimeFactor").asDouble()).isPositive();
		assertThat(Api.task(run, "transcribe").get("output").get("realTimeFactor").asDouble()).isPositive();
		String runPage = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD)
			.get("/console/runs/" + run.get("runId").asString())
			.body();
		assertThat(runPage).containsPattern("class=\"rtf\">\\d+\\.\\d\\d× real time<");
		// the transcription's pieces: a group in the API and on the run page, each with
		// its
		// node
		JsonNode pieces = Api.task(run, "transcribe_piece").get("pieces");
		assertThat(pieces.size()).isEqualTo(Api.task(run, "transcribe_piece").get("progress").get("total").asInt())
			.isPositive();
		for (JsonNode piece : pieces) {
			assertThat(piece.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(piece.get("node").asString()).isEqualTo(run.get("node").asString());
			assertThat(piece.get("finishedAt").asString()).isNotBlank();
		}
		assertThat(Api.task(run, "transcode").path("pieces").isArray()).isFalse();
		assertThat(runPage).contains("id=\"pieces-transcribe_piece\"")
			.contains("data-piece=\"" + (pieces.size() - 1) + "\"")
			.contains("data-pieces=\"" + pieces.size() + "\"");
		assertThat(run.get("tasks").findValuesAsString("id")).containsExactly("fetch_audio_metadata", "split_speech",
				"transcode", "transcribe_piece", "transcribe", "parse_save_transcript", "embed_chunks", "index_chunks",
				"find_chapters", "find_scripture", "publish", "notify_user");
		JsonNode edited = this.api.patch("/api/sermons/" + sermonId, "{\"title\":\"Shorter\",\"series\":\"Advent\"}")
			.json();
		assertThat(edited.get("title").asString()).isEqualTo("Shorter");
		assertThat(edited.get("series").asString()).isEqualTo("Advent");
		assertThat(this.api.patch("/api/sermons/" + sermonId, "{\"preachedOn\":\"soon\"}").status()).isEqualTo(400);
		assertThat(this.api.delete("/api/sermons/" + sermonId).status()).isEqualTo(204);
		assertThat(this.api.get("/api/sermons/" + sermonId).status()).isEqualTo(404);
		try (var folders = Files.list(MEDIA)) {
			assertThat(folders.filter((f) -> Files.exists(f.resolve("original")))
				.noneMatch((f) -> f.toString().contains(sermonId))).isTrue();
		}
	}

	private JsonNode awaitSermon(String sermonId, String status) {
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> status.equals(this.api.get("/api/sermons/" + sermonId).json().get("status").asString()));
		return this.api.get("/api/sermons/" + sermonId).json();
	}

}
