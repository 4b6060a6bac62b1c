package io.sermonflow.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskSpec;

/**
 * What it takes to queue a run: the DAG and its structural version, its tasks in order,
 * and what started it. A run of a backfill carries the backfill's id and does not start
 * before {@code notBefore}.
 */
public record NewRun(String runId, String dagId, List<String> taskIds, String eventId, Map<String, Object> data,
		int priority, int maxAttempts, String concurrencyKey, String backfillId, Instant notBefore, String traceparent,
		String dagVersion) {

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
				dag.retryPolicy().maxAttempts(), dag.concurrencyKeyOf(data), null, null, null, dag.version());
	}

	/**
	 * A run outside any backfill, of an unrecorded DAG version: any node that has its
	 * tasks may run it.
	 */
	public NewRun(String runId, String dagId, List<String> taskIds, String eventId, Map<String, Object> data,
			int priority, int maxAttempts, String concurrencyKey) {
		this(runId, dagId, taskIds, eventId, data, priority, maxAttempts, concurrencyKey, null, null, null, null);
	}

	public NewRun inBackfill(String backfillId, Instant notBefore) {
		return new NewRun(this.runId, this.dagId, this.taskIds, this.eventId, this.data, this.priority,
				this.maxAttempts, this.concurrencyKey, backfillId, notBefore, this.traceparent, this.dagVersion);
	}

	/** The W3C traceparent of what caused the run, so its trace links there. */
	public NewRun tracedBy(String traceparent) {
		return new NewRun(this.runId, this.dagId, this.taskIds, this.eventId, this.data, this.priority,
				this.maxAttempts, this.concurrencyKey, this.backfillId, this.notBefore, traceparent, this.dagVersion);
	}

	/** The same run recorded as started with another version of its DAG. */
	public NewRun ofVersion(String dagVersion) {
		return new NewRun(this.runId, this.dagId, this.taskIds, this.eventId, this.data, this.priority,
				this.maxAttempts, this.concurrencyKey, this.backfillId, this.notBefore, this.traceparent, dagVersion);
	}

}
