package io.sermonflow.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One execution of a DAG for one event, manual trigger or schedule firing, as stored. */
public record Run(String runId, String dagId, RunStatus status, int attempt, int maxAttempts, int generation,
		String eventId, Map<String, Object> data, int priority, String waitingReason, String nodeId,
		Long jobExecutionId, String error, Instant createdAt, Instant startedAt, Instant endedAt, List<TaskRun> tasks) {

	public Run {
		data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
		tasks = List.copyOf(tasks);
	}

}
