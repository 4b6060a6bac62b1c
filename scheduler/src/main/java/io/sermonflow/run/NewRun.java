package io.sermonflow.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What it takes to queue a run: the DAG, its tasks in order, and what started it. */
public record NewRun(String runId, String dagId, List<String> taskIds, String eventId, Map<String, Object> data,
		int priority, int maxAttempts) {

	public NewRun {
		taskIds = List.copyOf(taskIds);
		data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
	}

}
