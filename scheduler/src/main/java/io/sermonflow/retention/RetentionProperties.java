package io.sermonflow.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each kind of history is kept, and how housekeeping goes about forgetting it:
 * every {@code interval}, in batches of {@code batchSize} rows, each its own short
 * transaction.
 */
@ConfigurationProperties("sermonflow.retention")
public record RetentionProperties(Duration runs, Duration taskLogs, Duration events, Duration deadLetters,
		Duration firedTimers, Duration notifications, Duration audit, Integer batchSize, Duration interval) {

	/**
	 * SQS keeps a message at most 14 days: an event forgotten sooner could be delivered
	 * again and run a second time.
	 */
	static final Duration SHORTEST_EVENT_HORIZON = Duration.ofDays(14);

	public RetentionProperties {
		runs = positive("runs", runs, Duration.ofDays(90));
		taskLogs = positive("task-logs", taskLogs, Duration.ofDays(30));
		events = positive("events", events, Duration.ofDays(30));
		deadLetters = positive("dead-letters", deadLetters, Duration.ofDays(90));
		firedTimers = positive("fired-timers", firedTimers, Duration.ofDays(30));
		notifications = positive("notifications", notifications, Duration.ofDays(90));
		audit = positive("audit", audit, Duration.ofDays(365));
		batchSize = (batchSize == null) ? 500 : batchSize;
		interval = positive("interval", interval, Duration.ofHours(1));
		if (events.compareTo(SHORTEST_EVENT_HORIZON) < 0) {
			throw new IllegalArgumentException("sermonflow.retention.events is " + events
					+ "; keep events at least 14 days: SQS keeps a message up to 14 days, and an event forgotten"
					+ " sooner would run again if it were delivered again");
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException(
					"sermonflow.retention.batch-size is " + batchSize + "; it must be between 1 and 10000");
		}
	}

	/** The defaults, as used when nothing is configured. */
	public static RetentionProperties defaults() {
		return new RetentionProperties(null, null, null, null, null, null, null, null, null);
	}

	public Duration horizon(Retained kind) {
		return switch (kind) {
			case RUNS -> this.runs;
			case TASK_LOGS -> this.taskLogs;
			case EVENTS -> this.events;
			case DEAD_LETTERS -> this.deadLetters;
			case FIRED_TIMERS -> this.firedTimers;
			case NOTIFICATIONS -> this.notifications;
			case AUDIT -> this.audit;
		};
	}

	private static Duration positive(String name, Duration value, Duration fallback) {
		if (value == null) {
			return fallback;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(
					"sermonflow.retention." + name + " is " + value + "; it must be a positive duration such as 30d");
		}
		return value;
	}

}
