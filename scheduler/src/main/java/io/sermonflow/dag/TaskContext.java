package io.sermonflow.dag;

import java.time.Instant;
import java.util.Map;

/** What a running task can see and do. */
public interface TaskContext {

	String runId();

	String taskId();

	/** The data of the event, manual trigger or schedule that started the run. */
	Map<String, Object> data();

	/** The stored result of an upstream task, read as the given type. */
	<T> T result(String taskId, Class<T> type);

	/**
	 * The item of the list this piece of a mapped task works on, read as the given type;
	 * a task that is not mapped has none.
	 */
	default <T> T item(Class<T> type) {
		throw new IllegalStateException("Task '" + taskId() + "' is not mapped over a list: it has no item");
	}

	/** Reports progress, shown in the console and the API. */
	void progress(long done, long total);

	/**
	 * A line captured into this task's log (so is anything logged through SLF4J while it
	 * runs).
	 */
	void log(String message);

	/** Publishes an event once this task's work is committed; returns the event's id. */
	String emit(String name, Map<String, Object> data);

	/**
	 * Publishes an event at a later instant (up to a year out), recorded with this task's
	 * commit; returns the event's id.
	 */
	String sendAt(Instant at, String name, Map<String, Object> data);

}
