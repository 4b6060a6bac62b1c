package io.sermonflow.event;

import java.sql.Timestamp;
import java.time.Clock;
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
	 * Records an event id as accepted; false when the id was seen before (a duplicate).
	 */
	public boolean accept(Event event) {
		return this.jdbc.sql("""
				INSERT INTO sf_event (event_id, name, data, accepted_at) VALUES (?, ?, ?::jsonb, ?)
				ON CONFLICT (event_id) DO NOTHING""")
			.params(event.id(), event.name(), this.json.writeValueAsString(event.data()), now())
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
		Timestamp now = now();
		return this.jdbc.sql("""
				INSERT INTO sf_event (event_id, name, data, accepted_at, recorded_at) VALUES (?, ?, ?::jsonb, ?, ?)
				ON CONFLICT (event_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at
				WHERE sf_event.recorded_at IS NULL""")
			.params(event.id(), event.name(), this.json.writeValueAsString(event.data()), now, now)
			.update() == 1;
	}

	public Optional<EventRecord> find(String eventId) {
		return this.jdbc
			.sql("SELECT event_id, name, data::text AS data, accepted_at, recorded_at FROM sf_event"
					+ " WHERE event_id = ?")
			.param(eventId)
			.query((rs, i) -> {
				Timestamp recorded = rs.getTimestamp("recorded_at");
				return new EventRecord(rs.getString("event_id"), rs.getString("name"),
						this.json.readValue(rs.getString("data"), MAP), rs.getTimestamp("accepted_at").toInstant(),
						(recorded != null) ? recorded.toInstant() : null);
			})
			.optional();
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
