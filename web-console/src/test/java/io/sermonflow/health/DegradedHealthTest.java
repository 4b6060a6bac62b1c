package io.sermonflow.health;

import java.util.UUID;

import io.sermonflow.support.Api;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With SQS and Elasticsearch unreachable the application keeps serving and says what is
 * down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sermonflow.sqs.endpoint=http://127.0.0.1:1", "sermonflow.es.url=http://127.0.0.1:1",
				"sermonflow.roles=console,scheduler" })
@ActiveProfiles("test")
class DegradedHealthTest {

	@LocalServerPort
	int port;

	@Test
	void a_component_that_is_down_shows_down_with_a_reason_while_the_application_serves() {
		Api admin = Api.admin(this.port);
		Api.Reply health = admin.get("/actuator/health");
		assertThat(health.status()).isEqualTo(503);
		JsonNode components = health.json().get("components");
		assertThat(components.get("sqs").get("status").asString()).isEqualTo("DOWN");
		assertThat(components.get("sqs").get("details").get("error").asString()).isNotBlank();
		assertThat(components.get("elasticsearch").get("status").asString()).isEqualTo("DOWN");
		assertThat(components.get("db").get("status").asString()).isEqualTo("UP");

		assertThat(admin.get("/api/runs").status()).isEqualTo(200);
	}

	@Test
	void an_event_that_cannot_be_queued_is_a_503_and_its_id_stays_free_for_the_retry() {
		Api admin = Api.admin(this.port);
		String body = "{\"name\":\"demo/noop\",\"id\":\"down-" + UUID.randomUUID() + "\"}";
		Api.Reply first = admin.post("/api/events", body);
		assertThat(first.status()).isEqualTo(503);
		assertThat(first.contentType()).startsWith("application/problem+json");
		assertThat(first.json().get("detail").asString()).contains("nothing was accepted");
		// not a duplicate: the first attempt recorded nothing
		assertThat(admin.post("/api/events", body).status()).isEqualTo(503);
	}

}
