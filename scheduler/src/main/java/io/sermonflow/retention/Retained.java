package io.sermonflow.retention;

/**
 * The kinds of history housekeeping forgets, each after its own horizon
 * ({@link RetentionProperties}).
 */
public enum Retained {

	RUNS("runs", "finished runs with their tasks, logs and Spring Batch rows (never a DAG's latest run)"),

	TASK_LOGS("task-logs", "task log lines"),

	EVENTS("events", "recorded events no kept run refers to"),

	DEAD_LETTERS("dead-letters", "dead letters"),

	FIRED_TIMERS("fired-timers", "one-shot timers that have fired"),

	NOTIFICATIONS("notifications", "console notifications"),

	AUDIT("audit", "audit lines");

	private final String property;

	private final String description;

	Retained(String property, String description) {
		this.property = property;
		this.description = description;
	}

	/** Its setting under {@code sermonflow.retention}, and its metric tag. */
	public String property() {
		return this.property;
	}

	public String description() {
		return this.description;
	}

}
