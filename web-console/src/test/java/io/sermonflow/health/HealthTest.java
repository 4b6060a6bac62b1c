package io.sermonflow.health;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;

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

	@Test
	void names_the_ffmpeg_this_node_runs_on_the_health_page_the_nodes_api_and_the_nodes_page() {
		JsonNode ffmpeg = Api.admin(this.port).get("/actuator/health").json().get("components").get("ffmpeg");
		assertThat(ffmpeg.get("status").asString()).isEqualTo("UP");
		// this machine has Debian's ffmpeg, so the default (auto) takes it over JAVE2's
		assertThat(ffmpeg.get("details").get("source").asString()).isEqualTo("system");
		assertThat(ffmpeg.get("details").get("path").asString()).isEqualTo("/usr/bin/ffmpeg");
		String version = ffmpeg.get("details").get("version").asString();
		assertThat(version).matches("\\d+\\.\\d+.*");
		String described = "ffmpeg " + version + " (system, /usr/bin/ffmpeg)";

		JsonNode anonymous = Api.anonymous(this.port).get("/actuator/health").json().get("components").get("ffmpeg");
		assertThat(anonymous.has("details")).as("details are for staff").isFalse();

		List<String> reported = new ArrayList<>();
		for (JsonNode node : Api.admin(this.port).get("/api/nodes").json()) {
			node.get("software").forEach((line) -> reported.add(line.asString()));
		}
		assertThat(reported).contains(described);
		String page = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD).get("/console/nodes").body();
		assertThat(page).contains(HtmlUtils.htmlEscape(described));
	}

}
