package io.sermonflow.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs and their tasks live. Every state change goes through the transition tables.
 */
public interface RunStore {

	void create(NewRun run);

	Optional<Run> find(String runId);

	List<Run> list(RunQuery query);

	List<String> runsOfEvent(String eventId);

	/**
	 * Claims up to {@code limit} QUEUED runs for a node, highest priority first, then
	 * oldest. Safe to call from any number of nodes at once: no run is claimed twice.
	 */
	/**
	 * Admits and claims QUEUED runs of the given DAGs (those this node can run) for a
	 * node, up to its free workers, in priority then first-in first-out order, where
	 * every limit allows. The runs that wait get the reason stored. Safe from any number
	 * of nodes at once: admission is serialised and no run is claimed twice. The claimed
	 * runs carry their tasks' ids and states.
	 */
	List<Run> claimQueued(String nodeId, java.util.Collection<String> dagIds, int freeWorkers,
			java.util.function.Function<String, io.sermonflow.admission.Limits> limits);

	/** Ends a RUNNING run; the error is null unless it failed. */
	void finish(String runId, RunStatus status, String error, Long jobExecutionId);

	/** A RUNNING run whose attempt failed waits for its retry at the given instant. */
	void retryWait(String runId, String error, java.time.Instant retryAt, Long jobExecutionId);

	/**
	 * Queues a run again from one of the given states, as its next attempt: its
	 * unfinished tasks become PENDING, its succeeded tasks keep their results. False when
	 * the run is in another state.
	 */
	boolean requeue(String runId, java.util.Set<RunStatus> from);

	/**
	 * Queues an ended run as a new generation: the given tasks, and every task that did
	 * not succeed, become PENDING; the others keep their results. False when the run has
	 * not ended.
	 */
	boolean clear(String runId, java.util.Collection<String> taskIds);

	/**
	 * Takes back a RUNNING run whose node died: queued again from its interrupted task
	 * without using up an attempt, or FAILED once its node was lost {@code maxRecoveries}
	 * times. Returns the state it is left in, or null when it was no longer RUNNING.
	 */
	RunStatus recoverFromLostNode(String runId, int maxRecoveries);

	/**
	 * Moves a RUNNING run of this node to a new generation (a new Spring Batch
	 * JobInstance), for an execution Spring Batch will not restart; its succeeded tasks
	 * keep their results.
	 */
	boolean nextGeneration(String runId);

	/** Cancels a run that is not running yet; false when it is in another state. */
	boolean cancelWaiting(String runId);

	/**
	 * Asks a RUNNING run to stop at its next step or chunk boundary; false when it is not
	 * running.
	 */
	boolean requestCancel(String runId);

	boolean isCancelRequested(String runId);

	/**
	 * Marks a task that did not run because the run was stopped or its upstream failed.
	 */
	void taskNotRun(String runId, String taskId, TaskStatus status);

	/**
	 * Claims the right to run the onFailure handler; true exactly once per failed run
	 * generation.
	 */
	boolean claimOnFailure(String runId);

	void onFailureDone(String runId, boolean succeeded, String resultJson, String error);

	/**
	 * Starts a task in one statement unless its result is already stored (memoised) or
	 * its run was asked to cancel, and says which it was.
	 */
	TaskStart startTask(String runId, String taskId);

	/**
	 * The task waits before it starts (for a pool slot): it becomes QUEUED and its run
	 * shows the reason; a null reason ends the wait.
	 */
	void taskWaiting(String runId, String taskId, String reason);

	/** The stored result (JSON) of a task that SUCCEEDED. */
	java.util.Optional<String> taskOutput(String runId, String taskId);

	void taskSucceeded(String runId, String taskId, String outputJson);

	void taskFailed(String runId, String taskId, TaskRun.TaskError error);

	/**
	 * Marks every unfinished task of a run, after the run ended, with the given status.
	 */
	void closeUnfinishedTasks(String runId, TaskStatus status);

	void taskProgress(String runId, String taskId, long done, long total);

	List<TaskLogLine> logs(String runId, String taskId, int limit);

}
