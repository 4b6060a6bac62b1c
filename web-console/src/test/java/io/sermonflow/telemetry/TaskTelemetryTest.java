package io.sermonflow.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.support.Api;
import io.sermonflow.testing.NodeProcess;
import io.sermonflow.support.ChildNodes;
import io.sermonflow.engine.RunFacts;
import io.sermonflow.support.SermonflowTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's log and trace pipelines receive from a node, on a real node process
 * with {@code SERMONFLOW_LOG_FORMAT=ecs} exporting spans to an OTLP receiver this test
 * runs on loopback: one span per task attempt, child of the run's span, which continues
 * the trace the run was created in; and JSON log lines carrying the run, task and trace.
 */
@SermonflowTest
class TaskTelemetryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	RunStore runs;

	@Autowired
	ChildNodes children;

	@Autowired
	RunFacts facts;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	private HttpServer receiver;

	@AfterEach
	void stop() throws Exception {
		this.children.stopAll();
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	void a_task_attempt_is_a_span_of_its_run_and_its_log_lines_carry_run_task_and_trace() throws Exception {
		List<Span> spans = new CopyOnWriteArrayList<>();
		this.receiver = otlpReceiver(spans);
		NodeProcess child = this.children.start("telemetry", "worker", "--sermonflow.log-format=ecs",
				"--management.tracing.export.otlp.enabled=true", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
						+ this.receiver.getAddress().getPort() + "/v1/traces");

		String traceId = UUID.randomUUID().toString().replace("-", "");
		String creatorSpan = "00f067aa0ba902b7";
		String runId = UUID.randomUUID().toString();
		this.runs.create(new NewRun(runId, "child-telemetry", List.of("t1", "t2"), null, Map.of(), 0, 1, null, null,
				null, "00-" + traceId + "-" + creatorSpan + "-01", null));
		await().atMost(Duration.ofSeconds(120)).until(() -> "FAILED".equals(this.facts.status(runId)));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> span(spans, "sermonflow.task t1").isPresent() && span(spans, "sermonflow.task t2").isPresent()
					&& span(spans, "sermonflow.run child-telemetry").isPresent());
		Span run = span(spans, "sermonflow.run child-telemetry").orElseThrow();
		Span t1 = span(spans, "sermonflow.task t1").orElseThrow();
		Span t2 = span(spans, "sermonflow.task t2").orElseThrow();
		assertThat(hex(run.getTraceId().toByteArray())).isEqualTo(traceId);
		assertThat(hex(run.getParentSpanId().toByteArray())).isEqualTo(creatorSpan);
		for (Span task : List.of(t1, t2)) {
			assertThat(hex(task.getTraceId().toByteArray())).isEqualTo(traceId);
			assertThat(task.getParentSpanId()).isEqualTo(run.getSpanId());
			assertThat(attribute(task, "sermonflow.run.id")).isEqualTo(runId);
			assertThat(attribute(task, "sermonflow.run.attempt")).isEqualTo("1");
		}
		assertThat(attribute(t1, "sermonflow.task.id")).isEqualTo("t1");
		assertThat(attribute(t1, "sermonflow.task.outcome")).isEqualTo("succeeded");
		assertThat(attribute(t2, "sermonflow.task.outcome")).isEqualTo("failed");
		assertThat(attribute(t2, "error")).contains("fails on purpose");

		JsonNode line = await().atMost(Duration.ofSeconds(30))
			.until(() -> logLine(child, "child-telemetry task t1 writes a line"), Optional::isPresent)
			.orElseThrow();
		assertThat(line.get("runId").asString()).isEqualTo(runId);
		assertThat(line.get("taskId").asString()).isEqualTo("t1");
		assertThat(line.get("traceId").asString()).isEqualTo(traceId);
		assertThat(line.get("spanId").asString()).isEqualTo(hex(t1.getSpanId().toByteArray()));
		assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
	}

	@Test
	void a_timer_keeps_the_trace_it_was_created_in_for_its_firing_to_link_to() throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/api/schedules"))
			.header("Authorization",
					"Basic " + java.util.Base64.getEncoder()
						.encodeToString(("admin:" + Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
					"{\"at\":\"" + Instant.now().plus(Duration.ofDays(300)) + "\",\"event\":{\"name\":\"demo/noop\"}}"))
			.build();
		java.net.http.HttpResponse<String> created = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		String id = JSON.readTree(created.body()).get("id").asString();
		String stored = this.jdbc.sql("SELECT traceparent FROM sf_schedule WHERE schedule_id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("00-" + traceId + "-");
		assertThat(Api.admin(this.port).delete("/api/schedules/" + id).status()).isEqualTo(204);
	}

	private static Optional<JsonNode> logLine(NodeProcess child, String message) {
		return child.logText()
			.lines()
			.filter((text) -> text.startsWith("{") && text.contains(message))
			.map((text) -> (JsonNode) JSON.readTree(text))
			.findFirst();
	}

	private static Optional<Span> span(List<Span> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst();
	}

	private static String attribute(Span span, String key) {
		return span.getAttributesList()
			.stream()
			.filter((kv) -> kv.getKey().equals(key))
			.map(KeyValue::getValue)
			.map((value) -> value.getStringValue())
			.findFirst()
			.orElse(null);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	/** An OTLP/HTTP trace receiver on loopback, keeping every span it is sent. */
	private static HttpServer otlpReceiver(List<Span> spans) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/v1/traces", (exchange) -> {
			try (InputStream raw = exchange.getRequestBody()) {
				String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
				InputStream body = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw;
				ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
				request.getResourceSpansList()
					.forEach((resource) -> resource.getScopeSpansList()
						.forEach((scope) -> spans.addAll(scope.getSpansList())));
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
			}
			finally {
				exchange.close();
			}
		});
		server.start();
		return server;
	}

}
