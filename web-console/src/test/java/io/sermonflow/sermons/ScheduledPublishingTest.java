package io.sermonflow.sermons;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.ChildNodes;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled publishing, unpublishing and publishing again (issue 18): a sermon is public
 * only from its {@code publishAt}, everywhere listeners reach it, and its release timer
 * outlives the node that held it.
 */
@SermonflowTest
class ScheduledPublishingTest {

	@LocalServerPort
	int port;

	@Autowired
	Scheduler scheduler;

	@Autowired
	ChildNodes children;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void tearDown() throws Exception {
		this.scheduler.start();
		this.children.stopAll();
	}

	@Test
	void a_scheduled_sermon_stays_hidden_until_its_time_and_its_timer_outlives_the_node_that_held_it()
			throws Exception {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		Path dir = Files.createTempDirectory("sermonflow-release");
		Path tone = TestAudio.tone(dir.resolve("tone.mp3"), 14, 330);
		Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String id = admin
			.upload("/api/sermons", Map.of("title", "Released on Sunday", "preacher", "Ann Example", "preachedOn",
					"2026-11-29", "publishAt", tomorrow.toString()), tone)
			.json()
			.get("sermonId")
			.asString();
		// SCHEDULED once its audio is ready; processed once its transcript is too
		await().atMost(Duration.ofMinutes(3))
			.until(() -> status(admin, id).equals("SCHEDULED")
					&& "READY".equals(admin.get("/api/sermons/" + id).json().get("transcriptState").asString()));

		// processed, and nowhere public
		JsonNode sermon = admin.get("/api/sermons/" + id).json();
		assertThat(Instant.parse(sermon.get("publishAt").asString())).isEqualTo(tomorrow);
		assertThat(sermon.get("listenUrl").isNull()).isTrue();
		assertHidden(listener, id);
		JsonNode ingest = admin.get("/api/runs/" + sermon.get("runId").asString()).json();
		assertThat(Api.task(ingest, "publish").get("output").get("status").asString()).isEqualTo("SCHEDULED");
		await().atMost(Duration.ofSeconds(60)).until(() -> releaseTimerAt(admin, id, tomorrow));

		// only a second node holds timers now; it takes a new time, entered in another
		// zone, and dies before it comes
		this.children.start("release", "worker,scheduler");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM qrtz_scheduler_state WHERE last_checkin_time > ?")
				.param(System.currentTimeMillis() - 10_000)
				.query(Long.class)
				.single() >= 2);
		this.scheduler.standby();
		ZoneId chicago = ZoneId.of("America/Chicago");
		Instant soon = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
		LocalDateTime soonInChicago = LocalDateTime.ofInstant(soon, chicago);
		Api.Reply moved = admin.patch("/api/sermons/" + id,
				"{\"publishAt\":\"" + soonInChicago + "\",\"timeZone\":\"America/Chicago\"}");
		assertThat(moved.status()).as(moved.body()).isEqualTo(200);
		assertThat(Instant.parse(moved.json().get("publishAt").asString())).isEqualTo(soon);
		await().atMost(Duration.ofSeconds(25)).until(() -> releaseTimerAt(admin, id, soon));
		this.children.stopAll();

		// its time passes with no scheduler running: still hidden
		await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(soon.plusSeconds(3)));
		assertThat(status(admin, id)).isEqualTo("SCHEDULED");
		assertHidden(listener, id);

		// a scheduler comes back: the timer fires, the sermon is public everywhere
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(90)).until(() -> status(admin, id).equals("PUBLISHED"));
		assertThat(listener.get("/sermons/" + id).status()).isEqualTo(200);
		assertThat(listener.get("/listen/" + id + "/audio").status()).isEqualTo(200);
		assertThat(listener.get("/feeds/podcast.xml").body()).contains("sermonflow:" + id);
		JsonNode published = admin.get("/api/sermons/" + id).json();
		assertThat(Instant.parse(published.get("publishedAt").asString())).isAfterOrEqualTo(soon);
		assertThat(published.get("listenUrl").asString()).isEqualTo("/sermons/" + id);
		// one release published it; the day-ahead timer, when it fires, will find
		// nothing to do
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM sf_run r JOIN sf_task t ON t.run_id = r.run_id AND t.task_id = 'release'
				WHERE r.dag_id = 'sermon-release' AND r.data->>'sermonId' = ? AND t.output->>'status' = 'PUBLISHED'""")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void unpublishing_takes_a_sermon_down_everywhere_at_once_and_publishing_puts_it_back() {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		String id = Listening.spokenSermon(this.port).id();
		try {
			// a listener's player has the audio (and this node has it cached)
			assertThat(listener.get("/listen/" + id + "/audio").status()).isEqualTo(200);
			assertThat(searchHits(listener)).contains(id);

			Api.Reply down = admin.post("/api/sermons/" + id + "/unpublish", "");
			assertThat(down.status()).as(down.body()).isEqualTo(200);
			assertThat(down.json().get("status").asString()).isEqualTo("UNPUBLISHED");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertHidden(listener, id));
			assertThat(searchHits(listener)).doesNotContain(id);
			assertThat(admin.post("/api/sermons/" + id + "/unpublish", "").json().get("status").asString())
				.as("taking down what is down changes nothing")
				.isEqualTo("UNPUBLISHED");

			// a time in the past publishes at once
			Api.Reply back = admin.post("/api/sermons/" + id + "/publish", "{\"publishAt\":\"2020-01-01T00:00:00Z\"}");
			assertThat(back.status()).as(back.body()).isEqualTo(200);
			assertThat(back.json().get("status").asString()).isEqualTo("PUBLISHED");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> listener.get("/listen/" + id + "/audio").status() == 200);
			assertThat(listener.get("/sermons/" + id).status()).isEqualTo(200);
			assertThat(listener.get("/feeds/podcast.xml").body()).contains("sermonflow:" + id);
			assertThat(searchHits(listener)).contains(id);

			// another node takes it down: this node's cache hears of it from the database
			// (cached entries live 60 s, so a change seen within 30 s came by the
			// channel)
			this.jdbc.sql("UPDATE sf_sermon SET status = 'UNPUBLISHED' WHERE sermon_id = ?").param(id).update();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> listener.get("/listen/" + id + "/audio").status() == 404);
		}
		finally {
			admin.post("/api/sermons/" + id + "/publish", "{}");
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.get("/listen/" + id + "/audio").status() == 200);
	}

	@Test
	void bad_release_times_and_actions_that_do_not_apply_are_refused_naming_the_fault() throws Exception {
		Api admin = Api.admin(this.port);
		String id = Listening.spokenSermon(this.port).id();
		assertProblem(admin.patch("/api/sermons/" + id, "{\"publishAt\":\"next sunday\"}"), 400, "publishAt");
		assertProblem(
				admin.patch("/api/sermons/" + id, "{\"publishAt\":\"2027-01-03T14:00\",\"timeZone\":\"Mars/Olympus\"}"),
				400, "Mars/Olympus");
		assertProblem(
				admin.post("/api/sermons/" + id + "/publish",
						"{\"publishAt\":\"" + Instant.now().plus(800, ChronoUnit.DAYS) + "\"}"),
				400, "more than a year");
		assertThat(status(admin, id)).isEqualTo("PUBLISHED");

		Path dir = Files.createTempDirectory("sermonflow-release");
		Path notes = Files.writeString(dir.resolve("notes.mp3"), "not audio\n".repeat(100));
		String failed = admin
			.upload("/api/sermons", Map.of("title", "Failed", "preacher", "A", "preachedOn", "2026-11-22"), notes)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(2)).until(() -> status(admin, failed).equals("FAILED"));
		assertProblem(admin.post("/api/sermons/" + failed + "/publish", "{}"), 409, "FAILED");
		assertProblem(admin.post("/api/sermons/" + failed + "/unpublish", ""), 409, "FAILED");
		assertProblem(admin.get("/api/sermons?status=sometimes"), 400, "SCHEDULED");
		assertThat(admin.get("/api/sermons?status=failed").json().findValuesAsString("id")).contains(failed);
	}

	private static void assertHidden(Api listener, String id) {
		assertThat(listener.get("/sermons/" + id).status()).isEqualTo(404);
		assertThat(listener.get("/listen/" + id + "/audio").status()).isEqualTo(404);
		assertThat(listener.get("/listen/" + id + "/master.m3u8").status()).isEqualTo(404);
		assertThat(listener.get("/listen/" + id + "/captions.vtt").status()).isEqualTo(404);
		assertThat(listener.get("/feeds/podcast.xml").body()).doesNotContain("sermonflow:" + id);
		assertThat(listener.get("/sermons").body()).doesNotContain(id);
	}

	private static void assertProblem(Api.Reply reply, int status, String names) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains(names);
	}

	/**
	 * Whether a release timer for the sermon is stored and listed (its Quartz trigger
	 * found), due at {@code at}.
	 */
	private boolean releaseTimerAt(Api admin, String id, Instant at) {
		return this.jdbc.sql("""
				SELECT schedule_id FROM sf_schedule
				WHERE event_name = 'sermon/release.due' AND data->>'sermonId' = ? AND fire_at = ?""")
			.params(id, java.sql.Timestamp.from(at))
			.query(String.class)
			.list()
			.stream()
			.map((scheduleId) -> admin.get("/api/schedules/" + scheduleId))
			.anyMatch((timer) -> timer.status() == 200
					&& Instant.parse(timer.json().get("nextFireAt").asString()).equals(at));
	}

	private static String status(Api admin, String id) {
		return admin.get("/api/sermons/" + id).json().get("status").asString();
	}

	private static String searchHits(Api listener) {
		return listener.get("/api/search?q=mustard+seed&k=50").body();
	}

}
