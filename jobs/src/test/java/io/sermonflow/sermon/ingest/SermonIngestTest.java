package io.sermonflow.sermon.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.sermonflow.dag.Dag;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventSubmission;
import io.sermonflow.mapping.PieceStatus;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.mapping.PieceView;
import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.transcript.Transcript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * sermon-ingest and sermon-reembed end to end on the real parts: ffmpeg, PocketSphinx,
 * the ONNX embedding model, Elasticsearch, and the engine over the test ElasticMQ.
 */
@PipelineTest
class SermonIngestTest {

	static final Path MEDIA = Path.of("target", "test-data", "media");

	@Autowired
	Sermons sermons;

	@Autowired
	JdbcSermonStore store;

	@Autowired
	RunStore runs;

	@Autowired
	EventSubmission events;

	@Autowired
	ElasticsearchClient elasticsearch;

	@Autowired
	ChunkIndex index;

	@Autowired
	Embedder embedder;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	List<Dag> dags;

	@Autowired
	PieceStore pieces;

	@TempDir
	Path dir;

	SermonRuns sermonRuns;

	@BeforeEach
	void setUp() {
		this.sermonRuns = new SermonRuns(this.sermons, this.store, this.runs);
	}

	@Test
	void a_spoken_sermon_is_published_playable_transcribed_and_searchable() throws IOException {
		Path recording = this.dir.resolve("sunday.m4a");
		// about three minutes of speech
		List<Double> starts = Speech.record(this.dir, recording, 7);
		String sermonId = this.sermonRuns.upload(recording, "The mustard seed", "Parables", "grace-chapel");

		Sermon sermon = this.sermonRuns.awaitFullyPublished(sermonId);
		assertThat(sermon.durationSeconds()).isCloseTo(TestAudio.duration(recording.toString()), within(0.3));
		Run run = this.sermonRuns.run(sermonId);
		assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
		assertThat(run.tasks().stream().map(TaskRun::taskId)).containsExactly("fetch_audio_metadata", "split_speech",
				"transcode", "transcribe_piece", "transcribe", "parse_save_transcript", "embed_chunks", "index_chunks",
				"find_chapters", "find_scripture", "publish", "notify_user");
		assertThat(run.tasks().stream().map(TaskRun::status)).containsOnly(TaskStatus.SUCCEEDED);
		// listenable first: public with the transcode, before the transcript was done
		assertThat(sermon.publishedAt()).isBeforeOrEqualTo(SermonRuns.task(run, "transcode").endedAt())
			.isBefore(SermonRuns.task(run, "publish").startedAt());
		assertThat(sermon.transcriptState()).isEqualTo(Sermon.TranscriptState.READY);
		JsonNode embedded = this.json.readTree(SermonRuns.task(run, "embed_chunks").outputJson());
		assertThat(embedded.get("model").asString()).isEqualTo("all-minilm-l6-v2");
		assertThat(embedded.get("written").asInt()).isGreaterThan(3);
		// the media tasks state how fast they went (wall time over the recording's
		// length)
		for (String media : List.of("transcode", "transcribe")) {
			assertThat(this.json.readTree(SermonRuns.task(run, media).outputJson()).get("realTimeFactor").asDouble())
				.as(media)
				.isPositive();
		}

		// the recording was cut at pauses into pieces, each heard as a piece of the
		// mapped task (pieces done were its progress) and stitched in order
		JsonNode cut = this.json.readTree(SermonRuns.task(run, "split_speech").outputJson());
		assertThat(cut.size()).isGreaterThan(1);
		assertThat(cut.get(0).get("start").asDouble()).isZero();
		assertThat(cut.get(cut.size() - 1).get("end").asDouble()).isCloseTo(sermon.durationSeconds(), within(0.5));
		TaskRun heard = SermonRuns.task(run, "transcribe_piece");
		assertThat(heard.progressTotal()).isEqualTo(cut.size());
		assertThat(heard.progressDone()).isEqualTo(heard.progressTotal());
		List<PieceView> pieces = this.pieces.pieces(run.runId());
		assertThat(pieces).hasSize(cut.size())
			.allSatisfy((piece) -> assertThat(piece.status()).isEqualTo(PieceStatus.SUCCEEDED));
		Transcript stitched = this.store.transcript(sermonId).orElseThrow();
		List<Double> segmentStarts = stitched.segments().stream().map(Transcript.Segment::start).toList();
		assertThat(segmentStarts).isSorted();
		assertThat(stitched.segments().get(stitched.segments().size() - 1).end())
			.isGreaterThan(cut.get(cut.size() - 1).get("start").asDouble());
		// the decoded speech the pieces read is tidied away with the transcript
		assertThat(MEDIA.resolve(sermon.mediaFolder()).resolve("speech.pcm")).doesNotExist();

		// playable: ffprobe reads the master and every variant
		JsonNode renditions = this.json.readTree(sermon.renditionsJson());
		assertThat(
				TestAudio.decodedSeconds("-i", MEDIA.resolve(renditions.get("masterPlaylist").asString()).toString()))
			.isCloseTo(sermon.durationSeconds(), within(1.0));
		assertThat(renditions.get("variants")).hasSize(2);
		for (JsonNode variant : renditions.get("variants")) {
			assertThat(TestAudio.duration(MEDIA.resolve(variant.get("playlist").asString()).toString()))
				.isCloseTo(sermon.durationSeconds(), within(1.0));
		}

		// transcribed: the words at their times (±2 s)
		List<Transcript.Segment> segments = this.store.transcript(sermonId).orElseThrow().segments();
		double mustard = starts.get(3);
		assertThat(segments).as("\"mustard seed\" near %.1f s", mustard)
			.anyMatch(
					(segment) -> segment.text().contains("mustard seed") && Math.abs(segment.start() - mustard) <= 2.0);

		// searchable: by words (BM25) and by meaning (kNN)
		SearchResponse<Map> byWords = this.elasticsearch.search((s) -> s.index(this.index.alias())
			.query((q) -> q.bool((b) -> b.must((m) -> m.match((t) -> t.field("text").query("mustard seed")))
				.filter((f) -> f.term((t) -> t.field("sermonId").value(sermonId))))), Map.class);
		assertThat(byWords.hits().hits()).isNotEmpty();
		List<Float> vector = new ArrayList<>();
		for (float value : this.embedder.embed("a tiny seed that grows into the kingdom")) {
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
		String sermonId = this.sermonRuns.upload(recording, "Seeds");
		this.sermonRuns.awaitFullyPublished(sermonId);
		String before = this.index.ensure();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger missed = new AtomicInteger();
		// a listener searching every 50 ms throughout the re-embedding
		ScheduledExecutorService searcher = Executors.newSingleThreadScheduledExecutor();
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
		}, 0, 50, TimeUnit.MILLISECONDS);
		String eventId = "reembed-" + UUID.randomUUID();
		this.events.submit(new Event("sermon/reembed.requested", eventId, Map.of()));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.runs.runsOfEvent(eventId).size() == 1);
		String runId = this.runs.runsOfEvent(eventId).get(0);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.runs.find(runId).orElseThrow().status() == RunStatus.SUCCEEDED);
		searcher.shutdown();
		assertThat(searcher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		String after = this.index.ensure();
		assertThat(after).isNotEqualTo(before);
		assertThat(this.elasticsearch.indices().exists((e) -> e.index(before)).value()).isFalse();
		Run run = this.runs.find(runId).orElseThrow();
		assertThat(this.json.readTree(run.tasks().get(2).outputJson()).get("documents").asLong()).isPositive();
		assertThat(missed.get()).isZero();
		assertThat(answered.get()).isPositive();
		Dag reembed = this.dags.stream().filter((dag) -> dag.id().equals("sermon-reembed")).findFirst().orElseThrow();
		assertThat(reembed.schedules()).containsExactly("0 0 3 ? * SUN");
	}

	@Test
	void a_file_that_is_not_audio_fails_at_once_naming_the_cause_without_burning_retries() throws IOException {
		Path notes = Files.writeString(this.dir.resolve("notes.mp3"), "Sermon notes, not audio.\n".repeat(200));
		String sermonId = this.sermonRuns.upload(notes, "Notes");
		Sermon sermon = this.sermonRuns.awaitStatus(sermonId, Sermon.Status.FAILED);
		assertThat(sermon.error()).contains("audio");
		String runId = this.sermonRuns.run(sermonId).runId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.runs.find(runId).orElseThrow().status() == RunStatus.FAILED);
		Run run = this.runs.find(runId).orElseThrow();
		assertThat(run.attempt()).isEqualTo(1);
		assertThat(run.tasks().get(0).error().retryable()).isFalse();
		assertThat(run.tasks().get(1).status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
		// the onFailure handler published sermon/failed, then the engine run/failed, each
		// once
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

}
