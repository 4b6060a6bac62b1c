package io.sermonflow.triggers;

import java.time.Duration;
import java.util.UUID;

import io.sermonflow.intake.SqsProperties;
import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters through the API: only an admin deletes or corrects one, a corrected body
 * must be an event, and the queues' depths show in health and metrics. How messages
 * become dead letters and come back is tested in the engine.
 */
@SermonflowTest
class DeadLettersTest {

	@LocalServerPort
	int port;

	@Autowired
	SqsClient sqs;

	@Autowired
	SqsProperties sqsProperties;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void only_an_admin_deletes_or_corrects_a_dead_letter_and_a_corrected_body_must_be_an_event() {
		String marker = UUID.randomUUID().toString();
		sendToQueue("[\"" + marker + "\"]");
		String messageId = awaitDeadLetter(marker).get("messageId").asString();

		Api.Reply invalid = this.api.post("/api/dlq/" + messageId + "/redrive", "{\"body\":{\"data\":{}}}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().get("detail").asString()).contains("\"name\" is required");
		assertThat(findDeadLetter(marker)).isNotNull();

		String token = this.api.post("/api/tokens", "{\"name\":\"dlq-operator\",\"role\":\"OPERATOR\"}")
			.json()
			.get("token")
			.asString();
		Api operator = Api.bearer(this.port, token);
		// a corrected body discards the original, as a delete does
		Api.Reply corrected = operator.post("/api/dlq/" + messageId + "/redrive",
				"{\"body\":{\"name\":\"demo/noop\",\"data\":{}}}");
		assertThat(corrected.status()).isEqualTo(403);
		assertThat(corrected.contentType()).startsWith("application/problem+json");
		assertThat(corrected.json().get("detail").asString()).contains("needs the ADMIN role");
		assertThat(findDeadLetter(marker)).isNotNull();
		assertThat(operator.delete("/api/dlq/" + messageId).status()).isEqualTo(403);
		assertThat(this.api.delete("/api/dlq/" + messageId).status()).isEqualTo(204);
		assertThat(findDeadLetter(marker)).isNull();
		assertThat(this.api.delete("/api/dlq/" + messageId).status()).isEqualTo(404);
	}

	@Test
	void queue_depths_show_in_health_and_metrics() {
		JsonNode sqs = this.api.get("/actuator/health").json().get("components").get("sqs").get("details");
		assertThat(sqs.has("queued")).isTrue();
		assertThat(sqs.has("deadLetterQueue")).isTrue();
		assertThat(sqs.get("deadLetters").isNumber()).isTrue();
		String metrics = this.api.get("/actuator/prometheus").body();
		assertThat(metrics).contains("sermonflow_queue_messages{")
			.contains("queue=\"dlq\"")
			.contains("sermonflow_dead_letters");
	}

	private JsonNode awaitDeadLetter(String marker) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> findDeadLetter(marker) != null);
		return findDeadLetter(marker);
	}

	private JsonNode findDeadLetter(String marker) {
		for (JsonNode letter : this.api.get("/api/dlq?limit=1000").json()) {
			if (letter.get("body").asString().contains(marker)) {
				return letter;
			}
		}
		return null;
	}

	private void sendToQueue(String body) {
		String url = this.sqs.getQueueUrl((get) -> get.queueName(this.sqsProperties.queue())).queueUrl();
		this.sqs.sendMessage((send) -> send.queueUrl(url).messageBody(body));
	}

}
