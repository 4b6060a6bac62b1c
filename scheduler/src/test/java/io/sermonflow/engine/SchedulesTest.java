package io.sermonflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sermonflow.control.RunActions;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import io.sermonflow.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.sermonflow.engine.Runs.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cron schedules and one-shot timers on the clustered Quartz JDBC store, with real
 * restarts and a second node.
 */
@EngineTest
class SchedulesTest {

	@Autowired
	Schedules schedules;

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	Scheduler scheduler;

	@Autowired
	EngineNodes nodes;

	@BeforeEach
	void setUp() throws Exception {
		this.scheduler.start();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.scheduler.start();
		this.nodes.stopAll();
	}

	@Test
	void an_event_a_task_sends_for_later_becomes_a_listed_timer_with_that_event() {
		Run run = awaitStatus(this.runs, this.actions.trigger("test-send-later", Map.of()), RunStatus.SUCCEEDED);
		String eventId = this.json.readTree(run.tasks().get(0).outputJson()).get("eventId").asString();
		await().atMost(Duration.ofSeconds(60)).until(() -> listed("sendat-" + eventId).isPresent());
		Schedule timer = listed("sendat-" + eventId).orElseThrow();
		assertThat(timer.source()).isEqualTo("task");
		assertThat(timer.eventId()).isEqualTo(eventId);
		assertThat(timer.data()).containsEntry("n", 7);
		assertThat(timer.nextFireAt()).isBetween(Instant.now().plus(Duration.ofMinutes(58)),
				Instant.now().plus(Duration.ofMinutes(61)));
	}

	@Test
	void a_timer_due_in_two_seconds_fires_exactly_once_with_two_nodes_running() throws Exception {
		this.nodes.start("timers", "worker,scheduler");
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
		assertThat(listed(id)).as("a fired timer leaves the list").isEmpty();
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
		String fireOnce = createCron(Schedule.Misfire.FIRE_ONCE);
		String skip = createCron(Schedule.Misfire.SKIP);
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
		assertThat(awaitStatus(this.runs, runId, RunStatus.SUCCEEDED).dagId()).isEqualTo("test-sleep");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.schedules.find(skip).nextFireAt().isAfter(Instant.now()));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(60))
			.until(() -> fireCount(fireOnce) == 1 && fireCount(skip) == 0);
		assertThat(this.schedules.find(fireOnce).nextFireAt()).isAfter(Instant.now());
	}

	private String createCron(Schedule.Misfire misfire) {
		Schedule schedule = this.schedules.createCron(null, "0 0 3 ? * SUN", "Europe/Amsterdam", "test-sleep", Map.of(),
				misfire, "test");
		assertThat(schedule.timeZone()).isEqualTo("Europe/Amsterdam");
		return schedule.id();
	}

	private String createTimer(Instant at, String eventId) {
		return this.schedules.createAt(null, at, "test/timer", eventId, Map.of(), Schedule.Misfire.FIRE_ONCE, "test")
			.id();
	}

	/** The intake has recorded the event. */
	private boolean isRecorded(String eventId) {
		return this.jdbc.sql("SELECT count(*) FROM sf_event WHERE event_id = ? AND recorded_at IS NOT NULL")
			.param(eventId)
			.query(Long.class)
			.single() == 1;
	}

	private int fireCount(String id) {
		return this.jdbc.sql("SELECT fire_count FROM sf_schedule WHERE schedule_id = ?")
			.param(id)
			.query(Integer.class)
			.single();
	}

	/**
	 * The schedule as the list of pending schedules shows it; empty once it has fired.
	 */
	private Optional<Schedule> listed(String id) {
		String after = null;
		while (true) {
			java.util.List<Schedule> page = this.schedules.list(1000, after, false);
			Optional<Schedule> found = page.stream().filter((schedule) -> schedule.id().equals(id)).findFirst();
			if (found.isPresent() || page.size() < 1000) {
				return found;
			}
			after = page.get(page.size() - 1).id();
		}
	}

}
