package io.sermonflow.schedule;

import java.time.Instant;
import java.util.Map;

/**
 * A cron schedule that starts runs of a DAG with {@code data}, or a one-shot timer that
 * publishes an event ({@code eventName}, {@code eventId}, {@code data}) at
 * {@code fireAt}. {@code nextFireAt} is null once a timer fired.
 */
public record Schedule(String id, Kind kind, String cron, String timeZone, String dagId, Map<String, Object> data,
		Instant fireAt, String eventName, String eventId, Misfire misfire, String source, Instant createdAt,
		Instant nextFireAt, boolean paused, Instant firedAt, int fireCount) {

	public enum Kind {

		CRON, AT;

		public String label() {
			return name().toLowerCase();
		}

	}

	/**
	 * What a schedule does about firings missed while no scheduler node ran: fire once on
	 * recovery and go on (the default), or skip them.
	 */
	public enum Misfire {

		FIRE_ONCE, SKIP;

		public static Misfire parse(String value) {
			if (value == null || value.isBlank()) {
				return FIRE_ONCE;
			}
			return switch (value) {
				case "fireOnce", "FIRE_ONCE" -> FIRE_ONCE;
				case "skip", "SKIP" -> SKIP;
				default -> throw new InvalidScheduleException(
						"Field \"misfire\" must be \"fireOnce\" (default) or \"skip\", not \"" + value + "\"");
			};
		}

		public String label() {
			return (this == FIRE_ONCE) ? "fireOnce" : "skip";
		}

	}

}
