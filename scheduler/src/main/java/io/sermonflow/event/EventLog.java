package io.sermonflow.event;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every event id Sermonflow has seen, each once. */
@Repository
public class EventLog {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	EventLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Records an event id as accepted, with who submitted it ({@code null} when no one
	 * signed in did); false when the id was seen before (a duplicate).
	 */
	public boolean accept(Event event, String submittedBy) {
		return this.jdbc.sql("""
				INSERT INTO sf_event (event_id, name, data, accepted_at, submitted_by) VALUES (?, ?, ?::jsonb, ?, ?)
				ON CONFLICT (event_id) DO NOTHING""")
			.params(event.id(), event.name(), this.json.writeValueAsString(event.data()), now(),
					(submittedBy != null && submittedBy.length() > 200) ? submittedBy.substring(0, 200) : submittedBy)
			.update() == 1;
	}

	/**
	 * Withdraws an acceptance whose publish failed, so the client's retry is not taken as
	 * a duplicate.
	 */
	public void forget(String eventId) {
		this.jdbc.sql("DELETE FROM sf_event WHERE event_id = ? AND recorded_at IS NULL").param(eventId).update();
	}

	/**
	 * Records an event as processed by the intake; true only the first time for its id.
	 * Must run in the transaction that creates the event's runs.
	 */
	public boolean record(Event event) {
		return record(event, null);
	}

	/** As {@link #record(Event)}, keeping the trace the intake continued. */
	public boolean record(Event event, String traceparent) {
		Timestamp now = now();
		return this.jdbc.sql("""
				INSERT INTO sf_event (event_id, name, data, accepted_at, recorded_at, traceparent)
				VALUES (?, ?, ?::jsonb, ?, ?, ?)
				ON CONFLICT (event_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at,
				       traceparent = COALESCE(EXCLUDED.traceparent, sf_event.traceparent)
				WHERE sf_event.recorded_at IS NULL""")
			.params(event.id(), event.name(), this.json.writeValueAsString(event.data()), now, now, traceparent)
			.update() == 1;
	}

	/** Marks an accepted event as on the queue, so the sweeper leaves it alone. */
	public void published(String eventId) {
		published(List.of(eventId));
	}

	/**
	 * Marks accepted events as on the queue, those the intake has not recorded yet: an
	 * event already recorded needs no mark, and is not written again.
	 */
	public void published(java.util.Collection<String> eventIds) {
		if (!eventIds.isEmpty()) {
			this.jdbc.sql("""
					UPDATE sf_event SET published_at = :now
					WHERE event_id IN (:ids) AND recorded_at IS NULL AND published_at IS NULL""")
				.param("now", now())
				.param("ids", List.copyOf(eventIds))
				.update();
		}
	}

	/**
	 * Events accepted longer ago than {@code grace} that neither reached the queue nor
	 * were recorded: the node that accepted them stopped before publishing.
	 */
	public List<Event> unpublished(java.time.Duration grace, int limit) {
		return this.jdbc.sql("""
				SELECT event_id, name, data::text AS data FROM sf_event
				WHERE recorded_at IS NULL AND published_at IS NULL AND accepted_at < ?
				ORDER BY accepted_at LIMIT ?""")
			.params(Timestamp.from(this.clock.instant().minus(grace)), limit)
			.query((rs, i) -> new Event(rs.getString("name"), rs.getString("event_id"),
					this.json.readValue(rs.getString("data"), MAP)))
			.list();
	}

	public Optional<EventRecord> find(String eventId) {
		return this.jdbc
			.sql("SELECT event_id, name, data::text AS data, accepted_at, recorded_at, traceparent, submitted_by"
					+ " FROM sf_event WHERE event_id = ?")
			.param(eventId)
			.query((rs, i) -> {
				Timestamp recorded = rs.getTimestamp("recorded_at");
				return new EventRecord(rs.getString("event_id"), rs.getString("name"),
						this.json.readValue(rs.getString("data"), MAP), rs.getTimestamp("accepted_at").toInstant(),
						(recorded != null) ? recorded.toInstant() : null, rs.getString("traceparent"),
						rs.getString("submitted_by"));
			})
			.optional();
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
