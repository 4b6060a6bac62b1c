package io.sermonflow.triggers;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.ChildNodes;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cron schedules and one-shot timers on the clustered Quartz JDBC store, with real
 * restarts and a second node.
 */
@SermonflowTest
class SchedulesTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Scheduler scheduler;

	@Autowired
	ChildNodes children;

	Api api;

	private Process child;

	@BeforeEach
	void setUp() throws Exception {
		this.api = Api.admin(this.port);
		this.scheduler.start();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.scheduler.start();
		if (this.child != null) {
			this.child.destroyForcibly();
		}
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
	void an_event_a_task_sends_for_later_becomes_a_listed_timer_with_that_event() {
		String runId = this.api.trigger("test-send-later", "{}");
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		String eventId = run.get("tasks").get(0).get("output").get("eventId").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.get("/api/schedules/sendat-" + eventId).status() == 200);
		JsonNode timer = this.api.get("/api/schedules/sendat-" + eventId).json();
		assertThat(timer.get("source").asString()).isEqualTo("task");
		assertThat(timer.get("event").get("id").asString()).isEqualTo(eventId);
		assertThat(timer.get("event").get("data").get("n").asInt()).isEqualTo(7);
		assertThat(Instant.parse(timer.get("nextFireAt").asString()))
			.isBetween(Instant.now().plus(Duration.ofMinutes(58)), Instant.now().plus(Duration.ofMinutes(61)));
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

	@Test
	void a_timer_due_in_two_seconds_fires_exactly_once_with_two_nodes_running() throws Exception {
		this.child = this.children.start("timers", "worker,scheduler").process();
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM qrtz_scheduler_state WHERE last_checkin_time > ?")
				.param(System.currentTimeMillis() - 10_000)
				.query(Long.class)
				.single() >= 2);
		String eventId = "timer-" + UUID.randomUUID();
		String id = createTimer(Instant.now().plusSeconds(2), eventId);
		await().atMost(Duration.ofSeconds(30)).until(() -> isRecorded(eventId));
		// long enough for a second firing to have happened, had there been one
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60)).until(() -> fireCount(id) == 1);
		assertThat(find(id)).as("a fired timer leaves the list").isNull();
	}

	@Test
	void a_timer_scheduled_before_the_scheduler_stops_fires_once_after_it_starts_again() throws Exception {
		this.scheduler.standby();
		String eventId = "restart-" + UUID.randomUUID();
		String id = createTimer(Instant.now().plusSeconds(1), eventId);
		// past its moment, and no scheduler runs meanwhile
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).until(() -> fireCount(id) == 0);
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> isRecorded(eventId));
		assertThat(fireCount(id)).isEqualTo(1);
	}

	@Test
	void a_cron_schedule_that_misfired_while_down_fires_once_at_start_up_then_keeps_its_schedule() throws Exception {
		String fireOnce = createCron("fireOnce");
		String skip = createCron("skip");
		this.scheduler.standby();
		// as if the application had been down when both were due, ten minutes ago
		this.jdbc.sql("UPDATE qrtz_triggers SET next_fire_time = ? WHERE trigger_name IN (?, ?)")
			.params(System.currentTimeMillis() - 600_000, fireOnce, skip)
			.update();
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> fireCount(fireOnce) == 1);
		String runId = this.jdbc
			.sql("SELECT r.run_id FROM sf_run r JOIN sf_event e ON e.event_id = r.event_id"
					+ " WHERE e.event_id LIKE ?")
			.param("schedule-" + fireOnce + "-%")
			.query(String.class)
			.single();
		JsonNode run = this.api.awaitStatus(runId, "SUCCEEDED");
		assertThat(run.get("dag").asString()).isEqualTo("demo-noop");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Instant.parse(find(skip).get("nextFireAt").asString()).isAfter(Instant.now()));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(60))
			.until(() -> fireCount(fireOnce) == 1 && fireCount(skip) == 0);
		assertThat(Instant.parse(find(fireOnce).get("nextFireAt").asString())).isAfter(Instant.now());
	}

	private String createCron(String misfire) {
		Api.Reply reply = this.api.post("/api/schedules",
				"{\"cron\":\"0 0 3 ? * SUN\",\"timeZone\":\"Europe/Amsterdam\","
						+ "\"dag\":\"demo-noop\",\"data\":{\"tasks\":1},\"misfire\":\"" + misfire + "\"}");
		assertThat(reply.status()).isEqualTo(201);
		assertThat(reply.json().get("timeZone").asString()).isEqualTo("Europe/Amsterdam");
		return reply.json().get("id").asString();
	}

	private String createTimer(Instant at, String eventId) {
		Api.Reply reply = this.api.post("/api/schedules",
				"{\"at\":\"" + at + "\",\"event\":{\"name\":\"test/timer\",\"id\":\"" + eventId + "\"}}");
		assertThat(reply.status()).isEqualTo(201);
		return reply.json().get("id").asString();
	}

	private void assertBadRequest(String body, String named) {
		Api.Reply reply = this.api.post("/api/schedules", body);
		assertThat(reply.status()).as(body).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).as(body).contains(named);
	}

	private boolean isRecorded(String eventId) {
		Api.Reply reply = this.api.get("/api/events/" + eventId);
		return reply.status() == 200 && !reply.json().get("recordedAt").isNull();
	}

	private int fireCount(String id) {
		return this.jdbc.sql("SELECT fire_count FROM sf_schedule WHERE schedule_id = ?")
			.param(id)
			.query(Integer.class)
			.single();
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
