package io.sermonflow.triggers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules API's face: a timer a year out listed with its next firing, paused,
 * resumed and deleted; bad schedules refused naming the fault. How Quartz fires them (two
 * nodes, restarts, misfires) is tested in the engine module.
 */
@SermonflowTest
class SchedulesApiTest {

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = Api.admin(this.port);
	}

	@Test
	void a_timer_364_days_out_is_stored_and_listed_with_its_next_fire_time() {
		Instant at = Instant.now().plus(364, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
		Api.Reply created = this.api.post("/api/schedules", "{\"at\":\"" + at
				+ "\",\"event\":{\"name\":\"test/far\",\"id\":\"far-" + UUID.randomUUID() + "\",\"data\":{\"n\":1}}}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		JsonNode listed = find(id);
		assertThat(listed.get("kind").asString()).isEqualTo("at");
		assertThat(Instant.parse(listed.get("nextFireAt").asString())).isEqualTo(at);
		assertThat(listed.get("event").get("name").asString()).isEqualTo("test/far");
		assertThat(listed.get("event").get("data").get("n").asInt()).isEqualTo(1);
		assertThat(listed.get("paused").asBoolean()).isFalse();

		assertThat(this.api.post("/api/schedules/" + id + "/pause", "").json().get("paused").asBoolean()).isTrue();
		assertThat(this.api.post("/api/schedules/" + id + "/resume", "").json().get("paused").asBoolean()).isFalse();
		assertThat(this.api.delete("/api/schedules/" + id).status()).isEqualTo(204);
		assertThat(this.api.get("/api/schedules/" + id).status()).isEqualTo(404);
	}

	@Test
	void bad_schedules_are_400s_naming_the_fault() {
		assertBadRequest("{\"cron\":\"every sunday\",\"dag\":\"demo-noop\"}", "\"cron\"");
		assertBadRequest("{\"cron\":\"0 0 3 ? * SUN\",\"dag\":\"no-such-dag\"}", "no-such-dag");
		assertBadRequest("{\"cron\":\"0 0 3 ? * SUN\",\"dag\":\"demo-noop\",\"timeZone\":\"Mars/Olympus\"}",
				"Mars/Olympus");
		assertBadRequest("{\"at\":\"2001-01-01T00:00:00Z\",\"event\":{\"name\":\"x\"}}", "in the past");
		assertBadRequest("{\"at\":\"tomorrow\",\"event\":{\"name\":\"x\"}}", "\"at\"");
		assertBadRequest("{\"at\":\"" + Instant.now().plusSeconds(60) + "\"}", "\"event\"");
		assertBadRequest("{\"cron\":\"0 0 3 ? * SUN\",\"dag\":\"demo-noop\",\"misfire\":\"sometimes\"}", "\"misfire\"");
		assertBadRequest("{\"cron\":\"0 0 0 1 1 ? 2001\",\"dag\":\"demo-noop\"}", "never fires");
	}

	private void assertBadRequest(String body, String named) {
		Api.Reply reply = this.api.post("/api/schedules", body);
		assertThat(reply.status()).as(body).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).as(body).contains(named);
	}

	private JsonNode find(String id) {
		String after = null;
		while (true) {
			JsonNode page = this.api.get("/api/schedules?limit=1000" + ((after != null) ? "&after=" + after : ""))
				.json();
			for (JsonNode schedule : page) {
				if (schedule.get("id").asString().equals(id)) {
					return schedule;
				}
			}
			if (page.size() < 1000) {
				return null;
			}
			after = page.get(page.size() - 1).get("id").asString();
		}
	}

}
