package io.sermonflow.sermons;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import io.sermonflow.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline when its services fail: Elasticsearch (the real one, behind a proxy this
 * test takes down) and Deepgram (a loopback stub replaying its documented responses).
 */
@SermonflowTest
class PipelineFailuresTest {

	static final Deque<Integer> deepgramStatuses = new ArrayDeque<>();

	static TcpProxy elasticsearch;

	static HttpServer deepgram;

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	Api api;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		URI es = URI.create(System.getenv().getOrDefault("SERMONFLOW_TEST_ES_URL", "http://127.0.0.1:9200"));
		elasticsearch = new TcpProxy(es.getPort());
		byte[] transcript = PipelineFailuresTest.class.getResourceAsStream("/deepgram/listen-utterances.json")
			.readAllBytes();
		deepgram = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		deepgram.createContext("/v1/listen", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
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
		registry.add("sermonflow.es.index-prefix", () -> "sermonflow-test-failures");
		registry.add("sermonflow.deepgram.api-key", () -> "dg-test-key");
		registry.add("sermonflow.deepgram.url", () -> "http://127.0.0.1:" + deepgram.getAddress().getPort());
	}

	@AfterAll
	static void stopServices() throws IOException {
		elasticsearch.close();
		deepgram.stop(0);
	}

	@BeforeEach
	void setUp() throws IOException {
		this.api = Api.admin(this.port);
		synchronized (deepgramStatuses) {
			deepgramStatuses.clear();
		}
	}

	@Test
	void elasticsearch_down_while_indexing_is_retried_and_the_sermon_published_once_it_is_back() throws Exception {
		elasticsearch.down();
		String sermonId = upload("Indexed later");
		String runId = runOf(sermonId);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> "RETRY_WAIT".equals(this.api.get("/api/runs/" + runId).json().get("status").asString()));
		JsonNode waiting = this.api.get("/api/runs/" + runId).json();
		JsonNode indexTask = Api.task(waiting, "index_chunks");
		assertThat(indexTask.get("status").asString()).isEqualTo("FAILED");
		assertThat(indexTask.get("error").get("retryable").asBoolean()).isTrue();
		assertThat(indexTask.get("error").get("message").asString()).contains("Elasticsearch is unavailable");
		elasticsearch.up();
		JsonNode sermon = awaitSermon(sermonId, "PUBLISHED");
		JsonNode run = this.api.get("/api/runs/" + sermon.get("runId").asString()).json();
		assertThat(run.get("attempt").asInt()).isGreaterThanOrEqualTo(2);
		// what succeeded before the outage was not done again
		assertThat(Api.task(run, "transcode").get("attempts").asInt()).isEqualTo(1);
		assertThat(Api.task(run, "transcribe").get("attempts").asInt()).isEqualTo(1);
		assertThat(this.api.get("/api/sermons/" + sermonId + "/transcript").json().get("engine").asString())
			.isEqualTo("deepgram");
	}

	@Test
	void deepgram_refusing_the_key_fails_the_sermon_at_once_saying_so() throws Exception {
		synchronized (deepgramStatuses) {
			deepgramStatuses.add(401);
		}
		JsonNode sermon = awaitSermon(upload("Refused"), "FAILED");
		assertThat(sermon.get("error").asString()).contains("Deepgram refused the API key")
			.doesNotContain("dg-test-key");
		JsonNode run = this.api.get("/api/runs/" + sermon.get("runId").asString()).json();
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		assertThat(Api.task(run, "transcribe").get("error").get("retryable").asBoolean()).isFalse();
	}

	@Test
	void deepgram_server_errors_are_retried() throws Exception {
		synchronized (deepgramStatuses) {
			deepgramStatuses.add(503);
			deepgramStatuses.add(502);
		}
		JsonNode sermon = awaitSermon(upload("Retried"), "PUBLISHED");
		assertThat(sermon.get("transcript").get("segments").get(0).get("text").asString())
			.isEqualTo("Welcome to our Sunday service.");
	}

	private String upload(String title) {
		Path tone = TestAudio.tone(this.dir.resolve(title.replace(' ', '-') + ".mp3"), 3, 330);
		Api.Reply reply = this.api.upload("/api/sermons",
				Map.of("title", title, "preacher", "Ann Example", "preachedOn", "2026-11-22"), tone);
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.json().get("sermonId").asString();
	}

	private String runOf(String sermonId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.api.get("/api/sermons/" + sermonId).json().get("runId").isNull());
		return this.api.get("/api/sermons/" + sermonId).json().get("runId").asString();
	}

	private JsonNode awaitSermon(String sermonId, String status) {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> status.equals(this.api.get("/api/sermons/" + sermonId).json().get("status").asString()));
		return this.api.get("/api/sermons/" + sermonId).json();
	}

}
