package io.sermonflow.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each schedule does ({@code sf_schedule}), with its next fire time and pause state
 * read from the Quartz trigger of the same name.
 */
@Repository
class JdbcScheduleStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final String SELECT = """
			SELECT s.schedule_id, s.kind, s.cron, s.time_zone, s.dag_id, s.data::text AS data, s.fire_at, s.event_name,
			       s.event_id, s.misfire, s.source, s.created_at, s.fired_at, s.fire_count,
			       t.next_fire_time, t.trigger_state
			FROM sf_schedule s LEFT JOIN qrtz_triggers t
			  ON t.sched_name = :sched AND t.trigger_group = :groupPrefix || s.kind AND t.trigger_name = s.schedule_id
			""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final String schedulerName;

	JdbcScheduleStore(JdbcClient jdbc, JsonMapper json, Clock clock,
			@Value("${spring.quartz.scheduler-name:sermonflow}") String schedulerName) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.schedulerName = schedulerName;
	}

	/**
	 * Stores a schedule with the trace it was created in ({@code traceparent}, or null).
	 */
	void insert(Schedule schedule, String traceparent) {
		this.jdbc
			.sql("""
					INSERT INTO sf_schedule (schedule_id, kind, cron, time_zone, dag_id, data, fire_at, event_name, event_id,
					                         misfire, source, created_at, traceparent)
					VALUES (:id, :kind, :cron, :tz, :dag, :data::jsonb, :fireAt, :eventName, :eventId, :misfire, :source, :now,
					        :traceparent)
					ON CONFLICT (schedule_id) DO UPDATE SET cron = EXCLUDED.cron, time_zone = EXCLUDED.time_zone,
					       data = EXCLUDED.data, misfire = EXCLUDED.misfire""")
			.param("id", schedule.id())
			.param("traceparent", traceparent)
			.param("kind", schedule.kind().label())
			.param("cron", schedule.cron())
			.param("tz", schedule.timeZone())
			.param("dag", schedule.dagId())
			.param("data", this.json.writeValueAsString(schedule.data()))
			.param("fireAt", (schedule.fireAt() != null) ? Timestamp.from(schedule.fireAt()) : null)
			.param("eventName", schedule.eventName())
			.param("eventId", schedule.eventId())
			.param("misfire", schedule.misfire().name())
			.param("source", schedule.source())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	Optional<Schedule> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE s.schedule_id = :id")
			.param("sched", this.schedulerName)
			.param("groupPrefix", Schedules.GROUP_PREFIX)
			.param("id", id)
			.query(this::map)
			.optional();
	}

	/**
	 * Schedules in creation order, a page at a time ({@code after} = the last id of the
	 * previous page); fired timers only when asked.
	 */
	List<Schedule> list(int limit, String after, boolean includeFired) {
		return this.jdbc.sql(SELECT + """
				WHERE (CAST(:after AS VARCHAR) IS NULL OR (s.created_at, s.schedule_id) >
				       (SELECT created_at, schedule_id FROM sf_schedule WHERE schedule_id = :after))
				  AND (:includeFired OR s.kind = 'cron' OR s.fired_at IS NULL)
				ORDER BY s.created_at, s.schedule_id LIMIT :limit""")
			.param("sched", this.schedulerName)
			.param("groupPrefix", Schedules.GROUP_PREFIX)
			.param("after", after)
			.param("includeFired", includeFired)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	List<String> idsWithPrefix(String prefix) {
		return this.jdbc.sql("SELECT schedule_id FROM sf_schedule WHERE schedule_id LIKE :prefix || '%'")
			.param("prefix", prefix)
			.query(String.class)
			.list();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM sf_schedule WHERE schedule_id = ?").param(id).update() == 1;
	}

	/** The trace the schedule was created in, for its firings' spans to link to. */
	String createdInTrace(String id) {
		return this.jdbc.sql("SELECT traceparent FROM sf_schedule WHERE schedule_id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void fired(String id) {
		this.jdbc.sql("UPDATE sf_schedule SET fired_at = ?, fire_count = fire_count + 1 WHERE schedule_id = ?")
			.params(Timestamp.from(this.clock.instant()), id)
			.update();
	}

	private Schedule map(ResultSet rs, int row) throws SQLException {
		long next = rs.getLong("next_fire_time");
		boolean hasNext = !rs.wasNull() && next > 0;
		String state = rs.getString("trigger_state");
		Schedule.Kind kind = Schedule.Kind.valueOf(rs.getString("kind").toUpperCase());
		String data = rs.getString("data");
		return new Schedule(rs.getString("schedule_id"), kind, rs.getString("cron"), rs.getString("time_zone"),
				rs.getString("dag_id"), (data != null) ? this.json.readValue(data, MAP) : Map.of(),
				instant(rs, "fire_at"), rs.getString("event_name"), rs.getString("event_id"),
				Schedule.Misfire.valueOf(rs.getString("misfire")), rs.getString("source"), instant(rs, "created_at"),
				(hasNext && state != null && !"COMPLETE".equals(state)) ? Instant.ofEpochMilli(next) : null,
				"PAUSED".equals(state) || "PAUSED_BLOCKED".equals(state), instant(rs, "fired_at"),
				rs.getInt("fire_count"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

}
