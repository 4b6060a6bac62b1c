package io.sermonflow.dag;

import java.util.Map;

/** What a running task can see and do. */
public interface TaskContext {

	String runId();

	String taskId();

	/** The data of the event, manual trigger or schedule that started the run. */
	Map<String, Object> data();

	/** The stored result of an upstream task, read as the given type. */
	<T> T result(String taskId, Class<T> type);

	/** Reports progress, shown in the console and the API. */
	void progress(long done, long total);

	/** A line captured into this task's log. */
	void log(String message);

}
