package io.sermonflow.control;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.sermonflow.trace.Traces;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.RetryTimers;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What operators do to runs: trigger, retry, cancel and clear a task. Each answers once
 * the new state is committed; an action that does not fit the run's state throws
 * {@link RunStateConflictException} naming the state.
 */
@Service
public class RunActions {

	/** The most runs one bulk retry touches. */
	public static final int MAX_BULK = 500;

	private final RunStore runs;

	private final DagRegistry dags;

	private final RetryTimers retryTimers;

	private final Traces traces;

	RunActions(RunStore runs, DagRegistry dags, RetryTimers retryTimers, Traces traces) {
		this.traces = traces;
		this.runs = runs;
		this.dags = dags;
		this.retryTimers = retryTimers;
	}

	/** Queues a run of a DAG with the given data, started by hand. */
	@Transactional
	public String trigger(String dagId, Map<String, Object> data) {
		Dag dag = this.dags.find(dagId).orElseThrow(() -> new UnknownDagException(dagId));
		NewRun run = NewRun.of(dag, null, data).tracedBy(this.traces.current());
		this.runs.create(run);
		return run.runId();
	}

	/** A FAILED run restarts from its failed task; succeeded tasks keep their results. */
	@Transactional
	public void retry(String runId) {
		if (!this.runs.requeue(runId, EnumSet.of(RunStatus.FAILED))) {
			throw conflict(runId, "retried", "only a FAILED run can be retried");
		}
	}

	/**
	 * Retries each FAILED run of the list (the first {@value #MAX_BULK}), each on its
	 * own, so one that changed state meanwhile is named and left alone rather than
	 * undoing the rest. A dry run changes nothing and answers what would happen.
	 */
	public BulkRetry retryAll(List<String> runIds, boolean dryRun) {
		List<String> retried = new ArrayList<>();
		List<BulkRetry.Skipped> skipped = new ArrayList<>();
		for (String runId : runIds.stream().distinct().limit(MAX_BULK).toList()) {
			boolean done = dryRun ? this.runs.find(runId).map((run) -> run.status() == RunStatus.FAILED).orElse(false)
					: this.runs.requeue(runId, EnumSet.of(RunStatus.FAILED));
			if (done) {
				retried.add(runId);
			}
			else {
				skipped.add(new BulkRetry.Skipped(runId, this.runs.find(runId).map(Run::status).orElse(null)));
			}
		}
		return new BulkRetry(dryRun, retried, skipped);
	}

	/**
	 * What a bulk retry did (or, dry, would do): the runs retried, and the others with
	 * the state that kept them out (null: no such run).
	 */
	public record BulkRetry(boolean dryRun, List<String> runs, List<Skipped> skipped) {

		public record Skipped(String runId, RunStatus status) {
		}

	}

	/**
	 * A queued or waiting run is cancelled at once; a running one stops at its next step
	 * or chunk boundary. Returns the state the run is in now.
	 */
	@Transactional
	public RunStatus cancel(String runId) {
		if (this.runs.cancelWaiting(runId)) {
			this.retryTimers.cancel(runId);
			return RunStatus.CANCELLED;
		}
		if (this.runs.requestCancel(runId)) {
			return RunStatus.RUNNING;
		}
		throw conflict(runId, "cancelled", "only a QUEUED, RETRY_WAIT or RUNNING run can be cancelled");
	}

	/**
	 * Re-runs a task of an ended run and everything downstream of it, keeping the results
	 * of the tasks upstream: a new generation of the run (a new Spring Batch
	 * JobInstance).
	 */
	@Transactional
	public void clear(String runId, String taskId) {
		Run run = find(runId);
		if (run.tasks().stream().noneMatch((task) -> task.taskId().equals(taskId))) {
			throw new UnknownTaskException(runId, taskId);
		}
		List<String> cleared = new ArrayList<>();
		cleared.add(taskId);
		this.dags.find(run.dagId()).ifPresent((dag) -> cleared.addAll(dag.downstreamOf(taskId)));
		if (!this.runs.clear(runId, cleared)) {
			throw conflict(runId, "cleared", "only a SUCCEEDED, FAILED or CANCELLED run can be cleared");
		}
	}

	private Run find(String runId) {
		return this.runs.find(runId).orElseThrow(() -> new UnknownRunException(runId));
	}

	private RunStateConflictException conflict(String runId, String action, String rule) {
		RunStatus status = find(runId).status();
		return new RunStateConflictException(
				"Run " + runId + " is " + status + " and cannot be " + action + ": " + rule + ".", status);
	}

}
