package io.sermonflow.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskSpec;

/** What it takes to queue a run: the DAG, its tasks in order, and what started it. */
public record NewRun(String runId, String dagId, List<String> taskIds, String eventId, Map<String, Object> data,
		int priority, int maxAttempts, String concurrencyKey) {

	public NewRun {
		taskIds = List.copyOf(taskIds);
		data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
	}

	/**
	 * A new run of a DAG with the given data, started by an event (or by hand: no event
	 * id).
	 */
	public static NewRun of(Dag dag, String eventId, Map<String, Object> data) {
		return new NewRun(UUID.randomUUID().toString(), dag.id(),
				dag.tasksFor(data).stream().map(TaskSpec::id).toList(), eventId, data, dag.priority(),
				dag.retryPolicy().maxAttempts(), dag.concurrencyKeyOf(data));
	}

}
