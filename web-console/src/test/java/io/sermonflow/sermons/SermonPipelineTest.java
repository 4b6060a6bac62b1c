package io.sermonflow.sermons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * sermon-ingest end to end on the real parts: an upload over HTTP, ffmpeg, PocketSphinx,
 * the ONNX embedding model and Elasticsearch.
 */
@SermonflowTest
class SermonPipelineTest {

	static final Path MEDIA = Path.of("target", "test-data", "media");

	@LocalServerPort
	int port;

	@Autowired
	ElasticsearchClient elasticsearch;

	@Autowired
	ChunkIndex index;

	@Autowired
	Embedder embedder;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void a_spoken_sermon_is_published_playable_transcribed_and_searchable() throws IOException {
		Path recording = this.dir.resolve("sunday.m4a");
		// about three minutes of speech
		List<Double> starts = Speech.record(this.dir, recording, 7);
		Api.Reply created = this.api.upload("/api/sermons", Map.of("title", "The mustard seed", "preacher",
				"Ann Example", "preachedOn", "2026-11-22", "series", "Parables", "churchId", "grace-chapel"),
				recording);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String sermonId = created.json().get("sermonId").asString();

		JsonNode sermon = awaitSermon(sermonId, "PUBLISHED");
		assertThat(sermon.get("durationSeconds").asDouble()).isCloseTo(TestAudio.duration(recording.toString()),
				within(0.3));
		assertThat(sermon.get("listenUrl").asString()).isEqualTo("/sermons/" + sermonId);
		JsonNode run = this.api.get("/api/runs/" + sermon.get("runId").asString()).json();
		assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode embedded = run.get("tasks").get(4).get("output");
		assertThat(embedded.get("model").asString()).isEqualTo("all-minilm-l6-v2");
		assertThat(embedded.get("written").asInt()).isGreaterThan(3);
		assertThat(run.get("tasks").findValuesAsString("id")).containsExactly("fetch_audio_metadata", "transcode",
				"transcribe", "parse_save_transcript", "embed_chunks", "index_chunks", "find_chapters",
				"find_scripture", "publish", "notify_user");

		// playable: ffprobe reads the master and every variant
		JsonNode renditions = sermon.get("renditions");
		assertThat(
				TestAudio.decodedSeconds("-i", MEDIA.resolve(renditions.get("masterPlaylist").asString()).toString()))
			.isCloseTo(sermon.get("durationSeconds").asDouble(), within(1.0));
		assertThat(renditions.get("variants")).hasSize(2);
		for (JsonNode variant : renditions.get("variants")) {
			assertThat(TestAudio.duration(MEDIA.resolve(variant.get("playlist").asString()).toString()))
				.isCloseTo(sermon.get("durationSeconds").asDouble(), within(1.0));
		}

		// transcribed: the words at their times (±2 s)
		JsonNode segments = this.api.get("/api/sermons/" + sermonId + "/transcript").json().get("segments");
		double mustard = starts.get(3);
		boolean found = false;
		for (JsonNode segment : segments) {
			if (segment.get("text").asString().contains("mustard seed")
					&& Math.abs(segment.get("start").asDouble() - mustard) <= 2.0) {
				found = true;
			}
		}
		assertThat(found).as("\"mustard seed\" near %.1f s in %s", mustard, segments).isTrue();

		// searchable: by words (BM25) and by meaning (kNN)
		SearchResponse<Map> byWords = this.elasticsearch.search((s) -> s.index(this.index.alias())
			.query((q) -> q.bool((b) -> b.must((m) -> m.match((t) -> t.field("text").query("mustard seed")))
				.filter((f) -> f.term((t) -> t.field("sermonId").value(sermonId))))), Map.class);
		assertThat(byWords.hits().hits()).isNotEmpty();
		float[] meaning = this.embedder.embed("a tiny seed that grows into the kingdom");
		List<Float> vector = new java.util.ArrayList<>();
		for (float value : meaning) {
			vector.add(value);
		}
		SearchResponse<Map> byMeaning = this.elasticsearch.search((s) -> s.index(this.index.alias())
			.knn((k) -> k.field("vector")
				.queryVector(vector)
				.k(3)
				.numCandidates(50)
				.filter((f) -> f.term((t) -> t.field("sermonId").value(sermonId)))), Map.class);
		assertThat(byMeaning.hits().hits()).isNotEmpty();
	}

	@Test
	void re_embedding_swaps_in_a_new_index_while_search_keeps_answering() throws Exception {
		Path recording = this.dir.resolve("reembed.m4a");
		Speech.record(this.dir, recording, 1);
		String sermonId = this.api
			.upload("/api/sermons", Map.of("title", "Seeds", "preacher", "Ann Example", "preachedOn", "2026-11-22"),
					recording)
			.json()
			.get("sermonId")
			.asString();
		awaitSermon(sermonId, "PUBLISHED");
		String before = this.index.ensure();
		java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger missed = new java.util.concurrent.atomic.AtomicInteger();
		// a listener searching every 50 ms throughout the re-embedding
		java.util.concurrent.ScheduledExecutorService searcher = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();
		searcher.scheduleWithFixedDelay(() -> {
			try {
				long hits = this.elasticsearch
					.search((s) -> s.index(this.index.alias())
						.query((q) -> q.term((t) -> t.field("sermonId").value(sermonId))), Map.class)
					.hits()
					.hits()
					.size();
				(hits > 0 ? answered : missed).incrementAndGet();
			}
			catch (Exception ex) {
				missed.incrementAndGet();
			}
		}, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
		String eventId = "reembed-" + java.util.UUID.randomUUID();
		this.api.post("/api/events", "{\"name\":\"sermon/reembed.requested\",\"id\":\"" + eventId + "\"}");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.get("/api/events/" + eventId).json().get("runs").size() == 1);
		JsonNode run = this.api.awaitStatus(this.api.get("/api/events/" + eventId).json().get("runs").get(0).asString(),
				"SUCCEEDED");
		searcher.shutdown();
		assertThat(searcher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		String after = this.index.ensure();
		assertThat(after).isNotEqualTo(before);
		assertThat(this.elasticsearch.indices().exists((e) -> e.index(before)).value()).isFalse();
		assertThat(run.get("tasks").get(2).get("output").get("documents").asLong()).isPositive();
		assertThat(missed.get()).isZero();
		assertThat(answered.get()).isPositive();
		JsonNode dags = this.api.get("/api/dags").json();
		assertThat(dags.findValues("schedules").toString()).contains("0 0 3 ? * SUN");
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
	void a_file_that_is_not_audio_fails_at_once_naming_the_cause_without_burning_retries() throws IOException {
		Path notes = Files.writeString(this.dir.resolve("notes.mp3"), "Sermon notes, not audio.\n".repeat(200));
		String sermonId = this.api
			.upload("/api/sermons", Map.of("title", "Notes", "preacher", "Ann Example", "preachedOn", "2026-11-22"),
					notes)
			.json()
			.get("sermonId")
			.asString();
		JsonNode sermon = awaitSermon(sermonId, "FAILED");
		assertThat(sermon.get("error").asString()).contains("audio");
		JsonNode run = this.api.awaitStatus(sermon.get("runId").asString(), "FAILED");
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		assertThat(run.get("tasks").get(0).get("error").get("retryable").asBoolean()).isFalse();
		assertThat(run.get("tasks").get(1).get("status").asString()).isEqualTo("UPSTREAM_FAILED");
		// the onFailure handler published sermon/failed, then the engine run/failed, each
		// once
		String runId = sermon.get("runId").asString();
		await().atMost(Duration.ofSeconds(40))
			.until(() -> recorded("sermon/failed", "sermonId", sermonId) == 1
					&& recorded("run/failed", "runId", runId) == 1);
		assertThat(this.jdbc
			.sql("SELECT data->>'runId' FROM sf_event WHERE name = 'sermon/failed' AND data->>'sermonId' = ?")
			.param(sermonId)
			.query(String.class)
			.single()).isEqualTo(runId);
	}

	private long recorded(String name, String field, String value) {
		return this.jdbc.sql("SELECT count(*) FROM sf_event WHERE name = ? AND data->>? = ?")
			.params(name, field, value)
			.query(Long.class)
			.single();
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
		awaitSermon(sermonId, "PUBLISHED");
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
