package io.sermonflow.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution of a DAG for one event, manual trigger or schedule firing, as stored.
 * {@code waitingReason} says why a run that has not ended waits, and {@code eligibleAt}
 * until when, where that is known. {@code dagVersion} is the structural version of the
 * DAG it started with. {@code recoveredFrom} says which node it was last taken back from,
 * why and when. {@code traceparent} (W3C) links its trace to the request or schedule that
 * caused it.
 */
public record Run(String runId, String dagId, RunStatus status, int attempt, int maxAttempts, int generation,
		String eventId, Map<String, Object> data, int priority, String waitingReason, String nodeId,
		Long jobExecutionId, String error, Instant createdAt, Instant startedAt, Instant endedAt, Instant retryAt,
		boolean cancelRequested, OnFailure onFailure, String traceparent, String backfillId, List<TaskRun> tasks,
		String dagVersion, Instant eligibleAt, long epoch, String recoveredFrom) {

	public Run {
		data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
		tasks = List.copyOf(tasks);
	}

	public Run withTasks(List<TaskRun> tasks) {
		return new Run(this.runId, this.dagId, this.status, this.attempt, this.maxAttempts, this.generation,
				this.eventId, this.data, this.priority, this.waitingReason, this.nodeId, this.jobExecutionId,
				this.error, this.createdAt, this.startedAt, this.endedAt, this.retryAt, this.cancelRequested,
				this.onFailure, this.traceparent, this.backfillId, tasks, this.dagVersion, this.eligibleAt, this.epoch,
				this.recoveredFrom);
	}

	/** The claim this run is RUNNING under. */
	public Claim claim() {
		if (this.status != RunStatus.RUNNING || this.nodeId == null) {
			throw new IllegalStateException("Run " + this.runId + " is " + this.status + ", not claimed by a node");
		}
		return new Claim(this.runId, this.nodeId, this.epoch);
	}

	/**
	 * How the work after the run's failure went: the onFailure handler, then the
	 * {@code run/failed} event. {@code status} is PENDING (due, at {@code dueAt} when it
	 * waits for a retry), RUNNING (on {@code node}), SUCCEEDED, FAILED (given up after
	 * {@code attempts}) or NONE (the DAG has no handler; the event was published).
	 */
	public record OnFailure(String status, Instant at, String resultJson, String error, int attempts, Instant dueAt,
			String node) {

		public boolean hasHandler() {
			return !"NONE".equals(this.status);
		}

	}

}
