package io.sermonflow.event;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.sermonflow.trace.Traces;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Events written in the transaction of the work that caused them (a task's commit, a
 * run's failure) and published to SQS after it. A row is deleted only once published, so
 * an event is published at least once; the intake records each id once.
 */
@Repository
public class Outbox {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** Room kept for the message's trace context attribute. */
	static final int ATTRIBUTE_ROOM = 256;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final Traces traces;

	Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, Traces traces) {
		this.traces = traces;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Adds an event due now or later; joins the caller's transaction. An event too big
	 * for one message is refused here, where the task that made it fails naming the
	 * limit, rather than when it is published, where no retry could help.
	 */
	public void add(Event event, Instant dueAt, String runId) {
		// the message body as EventQueue sends it, and room for the trace attribute
		long size = this.json.writeValueAsString(Map.of("name", event.name(), "id", event.id(), "data", event.data()))
			.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ATTRIBUTE_ROOM;
		if (size > EventTooLargeException.MAX_MESSAGE_BYTES) {
			throw new EventTooLargeException(size, EventTooLargeException.MAX_MESSAGE_BYTES);
		}
		this.jdbc.sql("""
				INSERT INTO sf_outbox (event_id, name, data, due_at, created_at, run_id, traceparent)
				VALUES (?, ?, ?::jsonb, ?, ?, ?, ?)""")
			.params(event.id(), event.name(), this.json.writeValueAsString(event.data()), Timestamp.from(dueAt),
					Timestamp.from(this.clock.instant()), runId, this.traces.current())
			.update();
	}

	/**
	 * Locks up to {@code limit} due events for this transaction; other nodes skip them.
	 */
	public List<Pending> lockDue(int limit) {
		return this.jdbc.sql("""
				SELECT id, event_id, name, data::text AS data, traceparent FROM sf_outbox WHERE due_at <= ?
				ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
			.params(Timestamp.from(this.clock.instant()), limit)
			.query((rs, i) -> new Pending(rs.getLong("id"),
					new Event(rs.getString("name"), rs.getString("event_id"),
							this.json.readValue(rs.getString("data"), MAP)),
					rs.getString("traceparent")))
			.list();
	}

	/**
	 * Locks up to {@code limit} events due later than {@code after}, which become timers.
	 */
	public List<Deferred> lockDeferred(Instant after, int limit) {
		return this.jdbc.sql("""
				SELECT id, event_id, name, data::text AS data, due_at FROM sf_outbox WHERE due_at > ?
				ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
			.params(Timestamp.from(after), limit)
			.query((rs, i) -> new Deferred(rs.getLong("id"),
					new Event(rs.getString("name"), rs.getString("event_id"),
							this.json.readValue(rs.getString("data"), MAP)),
					rs.getTimestamp("due_at").toInstant()))
			.list();
	}

	/** Sets a row aside until {@code until}, so the rows behind it are published. */
	public void postpone(long id, Instant until) {
		this.jdbc.sql("UPDATE sf_outbox SET due_at = ? WHERE id = ?").params(Timestamp.from(until), id).update();
	}

	public void delete(long id) {
		this.jdbc.sql("DELETE FROM sf_outbox WHERE id = ?").param(id).update();
	}

	/** An event a task sent for later ({@code sendAt}). */
	public record Deferred(long id, Event event, Instant dueAt) {
	}

	/** An event waiting in the outbox. */
	public record Pending(long id, Event event, String traceparent) {
	}

}
