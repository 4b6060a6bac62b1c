package io.sermonflow.health;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SermonflowTest
class HealthTest {

	@LocalServerPort
	int port;

	@Test
	void reports_db_sqs_elasticsearch_and_quartz_up_with_details_for_staff() {
		Api.Reply reply = Api.admin(this.port).get("/actuator/health");
		assertThat(reply.status()).isEqualTo(200);
		JsonNode components = reply.json().get("components");
		for (String component : new String[] { "db", "sqs", "elasticsearch", "quartz" }) {
			assertThat(components.get(component).get("status").asString()).as(component).isEqualTo("UP");
		}
		assertThat(components.get("sqs").get("details").has("deadLetters")).isTrue();
		assertThat(components.get("quartz").get("details").get("clustered").asBoolean()).isTrue();
		assertThat(components.get("elasticsearch").get("details").get("cluster").asString()).isNotBlank();
	}

}
