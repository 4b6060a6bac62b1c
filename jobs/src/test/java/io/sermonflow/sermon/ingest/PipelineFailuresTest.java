package io.sermonflow.sermon.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.media.TestAudio;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline when its services fail: Elasticsearch (the real one, behind a proxy this
 * test takes down) and Deepgram (a loopback stub replaying its documented responses).
 */
@PipelineTest
class PipelineFailuresTest {

	static final Deque<Integer> deepgramStatuses = new ArrayDeque<>();

	static final AtomicInteger deepgramRequests = new AtomicInteger();

	static TcpProxy elasticsearch;

	static HttpServer deepgram;

	@Autowired
	Sermons sermons;

	@Autowired
	JdbcSermonStore store;

	@Autowired
	RunStore runs;

	@TempDir
	Path dir;

	SermonRuns sermonRuns;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		URI es = URI.create(System.getenv().getOrDefault("SERMONFLOW_TEST_ES_URL", "http://127.0.0.1:9200"));
		elasticsearch = new TcpProxy(es.getPort());
		byte[] transcript = PipelineFailuresTest.class.getResourceAsStream("/deepgram/listen-utterances.json")
			.readAllBytes();
		deepgram = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		deepgram.createContext("/v1/listen", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			deepgramRequests.incrementAndGet();
			Integer status;
			synchronized (deepgramStatuses) {
				status = deepgramStatuses.poll();
			}
			byte[] body = (status == null) ? transcript
					: "{\"err_code\":\"STUB\",\"err_msg\":\"stubbed\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders((status == null) ? 200 : status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		deepgram.start();
		registry.add("sermonflow.es.url", () -> "http://127.0.0.1:" + elasticsearch.port());
		registry.add("sermonflow.es.index-prefix", () -> "sermonflow-test-jobs-failures");
		registry.add("sermonflow.deepgram.api-key", () -> "dg-test-key");
		registry.add("sermonflow.deepgram.url", () -> "http://127.0.0.1:" + deepgram.getAddress().getPort());
	}

	@AfterAll
	static void stopServices() throws IOException {
		elasticsearch.close();
		deepgram.stop(0);
	}

	@BeforeEach
	void setUp() {
		this.sermonRuns = new SermonRuns(this.sermons, this.store, this.runs);
		synchronized (deepgramStatuses) {
			deepgramStatuses.clear();
		}
		deepgramRequests.set(0);
	}

	@Test
	void elasticsearch_down_while_indexing_is_retried_and_the_sermon_published_once_it_is_back() throws IOException {
		elasticsearch.down();
		String sermonId = upload("Indexed later");
		String runId = this.sermonRuns.run(sermonId).runId();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.runs.find(runId).orElseThrow().status() == RunStatus.RETRY_WAIT);
		TaskRun indexTask = SermonRuns.task(this.runs.find(runId).orElseThrow(), "index_chunks");
		assertThat(indexTask.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(indexTask.error().retryable()).isTrue();
		assertThat(indexTask.error().message()).contains("Elasticsearch is unavailable");
		// listenable first: the audio is public while the search entries wait
		Sermon waiting = this.sermonRuns.sermon(sermonId);
		assertThat(waiting.status()).isEqualTo(Sermon.Status.PUBLISHED);
		assertThat(waiting.transcriptState()).isEqualTo(Sermon.TranscriptState.PROCESSING);
		elasticsearch.up();
		await().atMost(Duration.ofMinutes(3))
			.until(() -> this.sermonRuns.sermon(sermonId).transcriptState() == Sermon.TranscriptState.READY);
		Run run = this.runs.find(runId).orElseThrow();
		assertThat(run.attempt()).isGreaterThanOrEqualTo(2);
		// what succeeded before the outage was not done again
		assertThat(SermonRuns.task(run, "transcode").attempts()).isEqualTo(1);
		assertThat(SermonRuns.task(run, "transcribe").attempts()).isEqualTo(1);
		assertThat(this.store.transcript(sermonId).orElseThrow().engine()).isEqualTo("deepgram");
	}

	@Test
	void deepgram_refusing_the_key_fails_the_transcript_at_once_saying_so_and_the_audio_stays_public() {
		synchronized (deepgramStatuses) {
			deepgramStatuses.add(401);
		}
		String sermonId = upload("Refused");
		String runId = this.sermonRuns.run(sermonId).runId();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.runs.find(runId).orElseThrow().status() == RunStatus.FAILED
					&& this.sermonRuns.sermon(sermonId).transcriptState() == Sermon.TranscriptState.FAILED);
		Sermon sermon = this.sermonRuns.sermon(sermonId);
		assertThat(sermon.status()).isEqualTo(Sermon.Status.PUBLISHED);
		assertThat(sermon.transcriptError()).contains("Deepgram refused the API key").doesNotContain("dg-test-key");
		Run run = this.runs.find(runId).orElseThrow();
		assertThat(run.attempt()).isEqualTo(1);
		assertThat(SermonRuns.task(run, "transcribe").error().retryable()).isFalse();
		assertThat(SermonRuns.task(run, "transcode").status()).isEqualTo(TaskStatus.SUCCEEDED);
	}

	@Test
	void deepgram_server_errors_are_retried() {
		synchronized (deepgramStatuses) {
			deepgramStatuses.add(503);
			deepgramStatuses.add(502);
		}
		String sermonId = upload("Retried");
		this.sermonRuns.awaitFullyPublished(sermonId);
		assertThat(this.store.transcript(sermonId).orElseThrow().segments().get(0).text())
			.isEqualTo("Welcome to our Sunday service.");
		// both refusals and the answer
		assertThat(deepgramRequests.get()).isGreaterThanOrEqualTo(3);
	}

	private String upload(String title) {
		Path tone = TestAudio.tone(this.dir.resolve(title.replace(' ', '-') + ".mp3"), 3, 330);
		return this.sermonRuns.upload(tone, title);
	}

}
