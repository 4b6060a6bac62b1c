package io.sermonflow.retention;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Housekeeping on the real stack: history backdated past its horizons is purged through
 * the console's "Purge now", with the Spring Batch rows of the purged runs; what must
 * stay (an unfinished run, a DAG's latest run, an event still in flight, anything younger
 * than its horizon) stays.
 */
@SermonflowTest
class HousekeepingTest {

	private static final Instant NOW = Instant.now();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Retention retention;

	@Autowired
	MeterRegistry meters;

	@Test
	void purges_history_past_its_horizons_and_keeps_what_must_stay() {
		Api admin = Api.admin(this.port);
		List<String> runs = new ArrayList<>();
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String eventId = "retention-" + UUID.randomUUID();
			assertThat(
					admin
						.post("/api/events",
								"{\"name\":\"demo/noop\",\"id\":\"" + eventId
										+ "\",\"data\":{\"tasks\":2,\"sleepMs\":0}}")
						.status())
				.isEqualTo(202);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> admin.get("/api/events/" + eventId).json().get("runs").size() == 1);
			String runId = admin.get("/api/events/" + eventId).json().get("runs").get(0).asString();
			admin.awaitStatus(runId, "SUCCEEDED");
			runs.add(runId);
			events.add(eventId);
		}
		List<Long> batchExecutions = batchExecutionsOf(runs.subList(0, 2));
		assertThat(batchExecutions).isNotEmpty();
		// all three finished 100 days ago; the third is still demo-noop's latest run
		for (String runId : runs) {
			this.jdbc.sql("UPDATE sf_run SET ended_at = ?, created_at = ? WHERE run_id = ?")
				.params(ago(100), ago(100), runId)
				.update();
		}
		for (String eventId : events) {
			this.jdbc.sql("UPDATE sf_event SET accepted_at = ? WHERE event_id = ?").params(ago(100), eventId).update();
		}
		String unfinished = insertRun("retention-test-dag", "RETRY_WAIT", ago(200));
		insertRun("retention-test-dag", "SUCCEEDED", ago(1));
		String inFlight = "retention-in-flight-" + UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO sf_event (event_id, name, data, accepted_at, published_at)
				VALUES (?, 'demo/noop', '{}'::jsonb, ?, ?)""").params(inFlight, ago(40), ago(40)).update();
		String kept = runs.get(2);
		long oldLog = insertLog(kept, ago(31));
		long newLog = insertLog(kept, ago(29));
		long oldAudit = insertAudit(ago(366));
		long newAudit = insertAudit(ago(364));
		long oldNotification = insertNotification(ago(91));
		long newNotification = insertNotification(ago(89));
		String oldDeadLetter = insertDeadLetter(ago(91));
		String newDeadLetter = insertDeadLetter(ago(89));
		String oldTimer = insertFiredTimer(ago(31));
		String newTimer = insertFiredTimer(ago(29));

		assertThat(rowsFor(Retained.RUNS)).isGreaterThanOrEqualTo(2);
		assertThat(rowsFor(Retained.AUDIT)).isGreaterThanOrEqualTo(1);
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		String page = staff.get("/console/settings").body();
		assertThat(page).contains("id=\"retention-runs\"").contains("90 days").contains("365 days");
		double purgedRunsBefore = purgedCount("runs");

		String operator = newUser("OPERATOR");
		ConsoleSession operatorSession = ConsoleSession.signIn(this.port, operator, "a-long-test-password");
		assertThat(operatorSession.post("/console/settings/retention/purge", "").statusCode()).isEqualTo(403);
		assertThat(exists("sf_run", "run_id", runs.get(0))).isTrue();

		assertThat(staff.post("/console/settings/retention/purge", "").statusCode()).isEqualTo(302);
		assertThat(staff.get("/console/settings").body()).contains("id=\"last-pass\"");

		assertThat(exists("sf_run", "run_id", runs.get(0))).isFalse();
		assertThat(exists("sf_run", "run_id", runs.get(1))).isFalse();
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_task WHERE run_id IN (:runs)")
			.param("runs", runs.subList(0, 2))
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM batch_job_execution WHERE job_execution_id IN (:ids)")
			.param("ids", batchExecutions)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE job_execution_id IN (:ids)")
			.param("ids", batchExecutions)
			.query(Long.class)
			.single()).isZero();
		assertThat(batchExecutionsOf(List.of(kept))).isNotEmpty();
		assertThat(admin.get("/api/runs/" + kept).status()).isEqualTo(200);
		assertThat(exists("sf_run", "run_id", unfinished)).isTrue();

		assertThat(exists("sf_event", "event_id", events.get(0))).isFalse();
		assertThat(exists("sf_event", "event_id", events.get(2))).isTrue();
		assertThat(exists("sf_event", "event_id", inFlight)).isTrue();
		assertThat(exists("sf_task_log", "id", oldLog)).isFalse();
		assertThat(exists("sf_task_log", "id", newLog)).isTrue();
		assertThat(exists("sf_audit", "id", oldAudit)).isFalse();
		assertThat(exists("sf_audit", "id", newAudit)).isTrue();
		assertThat(exists("sf_notification", "id", oldNotification)).isFalse();
		assertThat(exists("sf_notification", "id", newNotification)).isTrue();
		assertThat(exists("sf_dead_letter", "message_id", oldDeadLetter)).isFalse();
		assertThat(exists("sf_dead_letter", "message_id", newDeadLetter)).isTrue();
		assertThat(exists("sf_schedule", "schedule_id", oldTimer)).isFalse();
		assertThat(exists("sf_schedule", "schedule_id", newTimer)).isTrue();

		assertThat(purgedCount("runs") - purgedRunsBefore).isGreaterThanOrEqualTo(2.0);
		String metrics = admin.get("/actuator/prometheus").body();
		assertThat(metrics.lines()).anySatisfy(
				(line) -> assertThat(line).startsWith("sermonflow_retention_purged_total{").contains("kind=\"runs\""));
		assertThat(this.retention.preview()).allSatisfy((h) -> assertThat(h.rows()).as(h.kind().name()).isZero());

		// what stays is this test's alone: leave no fixtures for other tests to trip on
		this.jdbc.sql("DELETE FROM sf_dead_letter WHERE message_id = ?").param(newDeadLetter).update();
		this.jdbc.sql("DELETE FROM sf_schedule WHERE schedule_id = ?").param(newTimer).update();
		this.jdbc.sql("DELETE FROM sf_run WHERE dag_id = 'retention-test-dag'").update();
		this.jdbc.sql("DELETE FROM sf_event WHERE event_id = ?").param(inFlight).update();
	}

	@Test
	void a_sermon_whose_run_was_purged_says_so_on_its_console_page(@TempDir Path dir) {
		String sermonId = Listening.toneSermon(this.port, dir, "Kept past its run");
		String runId = this.jdbc
			.sql("SELECT r.run_id FROM sf_run r JOIN sf_sermon s ON s.event_id = r.event_id WHERE s.sermon_id = ?")
			.param(sermonId)
			.query(String.class)
			.single();
		ConsoleSession staff = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		assertThat(staff.get("/console/sermons/" + sermonId).body()).contains("id=\"pipeline-run\"")
			.doesNotContain("not started yet");
		// its run finished 100 days ago, and a later run of the DAG exists, so it goes
		this.jdbc.sql("UPDATE sf_run SET ended_at = ?, created_at = ? WHERE run_id = ?")
			.params(ago(100), ago(100), runId)
			.update();
		String later = insertRun("sermon-ingest", "SUCCEEDED", ago(1));
		try {
			this.retention.purge();
			assertThat(exists("sf_run", "run_id", runId)).isFalse();
			String page = staff.get("/console/sermons/" + sermonId).body();
			assertThat(page).doesNotContain("id=\"pipeline-run\"")
				.doesNotContain("not started yet")
				.contains("id=\"pipeline-purged\"")
				.contains("SERMONFLOW_RETENTION_RUNS");
		}
		finally {
			this.jdbc.sql("DELETE FROM sf_run WHERE run_id = ?").param(later).update();
		}
	}

	private long rowsFor(Retained kind) {
		return this.retention.preview().stream().filter((h) -> h.kind() == kind).findFirst().orElseThrow().rows();
	}

	private double purgedCount(String kind) {
		return this.meters.counter("sermonflow.retention.purged", "kind", kind).count();
	}

	private List<Long> batchExecutionsOf(List<String> runIds) {
		return this.jdbc.sql("""
				SELECT job_execution_id FROM batch_job_execution_params
				WHERE parameter_name = 'runId' AND parameter_value IN (:runs)""")
			.param("runs", runIds)
			.query(Long.class)
			.list();
	}

	private boolean exists(String table, String column, Object value) {
		return this.jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = ?")
			.param(value)
			.query(Long.class)
			.single() > 0;
	}

	private String insertRun(String dag, String status, Timestamp at) {
		String runId = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO sf_run (run_id, dag_id, status, data, created_at, ended_at)
				VALUES (?, ?, ?, '{}'::jsonb, ?, ?)""")
			.params(runId, dag, status, at, "SUCCEEDED".equals(status) ? at : null)
			.update();
		return runId;
	}

	private long insertLog(String runId, Timestamp at) {
		return this.jdbc.sql("""
				INSERT INTO sf_task_log (run_id, task_id, at, level, message)
				VALUES (?, 'task-1', ?, 'INFO', 'backdated') RETURNING id""")
			.params(runId, at)
			.query(Long.class)
			.single();
	}

	private long insertAudit(Timestamp at) {
		return this.jdbc
			.sql("INSERT INTO sf_audit (at, actor, action) VALUES (?, 'retention-test', 'backdated') RETURNING id")
			.param(at)
			.query(Long.class)
			.single();
	}

	private long insertNotification(Timestamp at) {
		return this.jdbc.sql("""
				INSERT INTO sf_notification (key, at, level, title) VALUES (?, ?, 'INFO', 'backdated')
				RETURNING id""").params("retention-" + UUID.randomUUID(), at).query(Long.class).single();
	}

	private String insertDeadLetter(Timestamp at) {
		String id = "retention-" + UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO sf_dead_letter (message_id, body, receive_count, dead_at, error)
				VALUES (?, '{}', 5, ?, 'backdated')""").params(id, at).update();
		return id;
	}

	private String insertFiredTimer(Timestamp firedAt) {
		String id = "retention-" + UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO sf_schedule (schedule_id, kind, time_zone, data, fire_at, event_name, event_id, misfire,
				                         source, created_at, fired_at, fire_count)
				VALUES (?, 'at', 'UTC', '{}'::jsonb, ?, 'demo/noop', ?, 'FIRE_ONCE', 'api', ?, ?, 1)""")
			.params(id, firedAt, id, firedAt, firedAt)
			.update();
		return id;
	}

	private String newUser(String role) {
		String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(Api.admin(this.port)
			.post("/api/users",
					"{\"username\":\"" + name + "\",\"password\":\"a-long-test-password\",\"role\":\"" + role + "\"}")
			.status()).isEqualTo(201);
		return name;
	}

	private static Timestamp ago(int days) {
		return Timestamp.from(NOW.minus(Duration.ofDays(days)));
	}

}
