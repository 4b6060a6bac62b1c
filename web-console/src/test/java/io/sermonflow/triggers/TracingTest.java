package io.sermonflow.triggers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context travels with an event through SQS to the run it starts, sampled or
 * not.
 */
@SermonflowTest
class TracingTest {

	@LocalServerPort
	int port;

	@Test
	void a_run_carries_the_trace_of_the_request_that_sent_its_event() throws Exception {
		for (String flags : new String[] { "01", "00" }) {
			String traceId = UUID.randomUUID().toString().replace("-", "");
			String eventId = "traced-" + UUID.randomUUID();
			HttpResponse<String> accepted = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/events"))
					.header("Content-Type", "application/json")
					.header("Authorization",
							"Basic " + Base64.getEncoder()
								.encodeToString(("admin:" + Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
					.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-" + flags)
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"name\":\"demo/noop\",\"id\":\"" + eventId + "\",\"data\":{\"tasks\":1}}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(accepted.statusCode()).isEqualTo(202);
			Api api = Api.admin(this.port);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> api.get("/api/events/" + eventId).json().get("runs").size() == 1);
			JsonNode event = api.get("/api/events/" + eventId).json();
			assertThat(event.get("traceId").asString()).as("flags " + flags).isEqualTo(traceId);
			JsonNode run = api.awaitStatus(event.get("runs").get(0).asString(), "SUCCEEDED");
			assertThat(run.get("traceId").asString()).as("flags " + flags).isEqualTo(traceId);
		}
	}

	@Test
	void a_manual_run_starts_a_trace_of_its_own() {
		Api api = Api.admin(this.port);
		JsonNode run = api.awaitStatus(api.trigger("demo-noop", "{\"data\":{\"tasks\":1}}"), "SUCCEEDED");
		assertThat(run.get("traceId").asString()).matches("[0-9a-f]{32}");
	}

}
