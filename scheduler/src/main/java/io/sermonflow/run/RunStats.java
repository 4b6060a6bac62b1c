package io.sermonflow.run;

import java.time.Instant;
import java.util.List;

/**
 * What the console summarises about runs: counts over time, failures grouped by cause,
 * active runs with their progress, and every attempt of every task.
 */
public interface RunStats {

	/** Runs created per hour since {@code since}, by status. */
	List<StatusCount> statusByHour(Instant since);

	/**
	 * Failed runs grouped by DAG and the failed task's error type, most frequent first.
	 */
	List<FailureGroup> failureGroups(int limit);

	/** The failed runs of one group, newest first. */
	List<String> failedRuns(String dagId, String errorType, int limit);

	/** Runs not yet ended, newest first, with how many of their tasks are done. */
	List<ActiveRun> active(int limit);

	/** How many runs are in each state that has not ended. */
	List<StatusCount> activeCounts();

	/**
	 * When the oldest run waiting to start was created (runs of paused DAGs excepted:
	 * they wait on purpose), or null when none waits.
	 */
	Instant oldestQueuedAt();

	/** When the latest successful run of {@code dagId} ended, or null when none has. */
	Instant lastSucceededAt(String dagId);

	/** When this installation's database was made: its first migration. */
	Instant installedAt();

	/**
	 * Every attempt of every task of a run, across its generations and attempts, oldest
	 * first.
	 */
	List<TaskAttempt> attempts(String runId);

	/** Runs of one status (in one hour, when {@code hour} is set), and their retries. */
	public record StatusCount(Instant hour, RunStatus status, long runs, long retries) {
	}

	/** Failed runs of one DAG that failed the same way. */
	public record FailureGroup(String dagId, String errorType, long runs, Instant latest, String example) {
	}

	/** A run that has not ended, and its progress in tasks. */
	public record ActiveRun(String runId, String dagId, RunStatus status, String waitingReason, Instant createdAt,
			Instant startedAt, int done, int tasks) {

		public int percent() {
			return (this.tasks == 0) ? 0 : this.done * 100 / this.tasks;
		}

	}

	/** One Spring Batch step execution: one attempt of one task. */
	public record TaskAttempt(String taskId, String status, Instant startedAt, Instant endedAt, long jobExecutionId) {
	}

}
