package io.sermonflow.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution of a DAG for one event, manual trigger or schedule firing, as stored.
 * {@code traceparent} (W3C) links its trace to the request or schedule that caused it.
 */
public record Run(String runId, String dagId, RunStatus status, int attempt, int maxAttempts, int generation,
		String eventId, Map<String, Object> data, int priority, String waitingReason, String nodeId,
		Long jobExecutionId, String error, Instant createdAt, Instant startedAt, Instant endedAt, Instant retryAt,
		boolean cancelRequested, OnFailure onFailure, String traceparent, String backfillId, List<TaskRun> tasks) {

	public Run {
		data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
		tasks = List.copyOf(tasks);
	}

	public Run withTasks(List<TaskRun> tasks) {
		return new Run(this.runId, this.dagId, this.status, this.attempt, this.maxAttempts, this.generation,
				this.eventId, this.data, this.priority, this.waitingReason, this.nodeId, this.jobExecutionId,
				this.error, this.createdAt, this.startedAt, this.endedAt, this.retryAt, this.cancelRequested,
				this.onFailure, this.traceparent, this.backfillId, tasks);
	}

	/**
	 * How the DAG's onFailure handler went: RUNNING, SUCCEEDED or FAILED, with its result
	 * or error.
	 */
	public record OnFailure(String status, Instant at, String resultJson, String error) {
	}

}
