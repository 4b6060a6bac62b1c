package io.sermonflow.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.sermonflow.admission.Waiting;

/**
 * The writes a node makes for a run it executes. Each names the {@link Claim} it is made
 * under and changes nothing once the run is no longer held by that claim, so a node that
 * was presumed dead and woke up cannot change a run another node took over. The writes
 * that end a task or a run answer false (or throw {@link LostClaimException} where the
 * caller's transaction must roll back) when the claim is lost.
 */
public interface ClaimedRuns {

	/**
	 * Starts a task in one statement unless its result is already stored (memoised), its
	 * run was asked to cancel, or the claim is lost, and says which it was.
	 */
	TaskStart startTask(Claim claim, String taskId);

	/**
	 * Stores a task's result in the caller's transaction (the task's step), holding the
	 * claim until that commits.
	 * @throws LostClaimException when the claim is lost: the caller rolls back
	 */
	void taskSucceeded(Claim claim, String taskId, String outputJson);

	/**
	 * Checks, in the caller's transaction, that the claim still holds, and keeps a
	 * recovery from taking the run until that transaction ends.
	 * @throws LostClaimException when it does not
	 */
	void hold(Claim claim);

	boolean taskFailed(Claim claim, String taskId, TaskRun.TaskError error);

	/**
	 * Marks a task that did not run because the run was stopped or its upstream failed.
	 */
	boolean taskNotRun(Claim claim, String taskId, TaskStatus status);

	/**
	 * The task waits before it starts (for a pool slot or a worker): it becomes QUEUED
	 * and its run shows why; a null waiting ends the wait.
	 */
	boolean taskWaiting(Claim claim, String taskId, Waiting waiting);

	boolean taskProgress(Claim claim, String taskId, long done, long total);

	/** The stored result (JSON) of a task that SUCCEEDED. */
	Optional<String> taskOutput(String runId, String taskId);

	boolean isCancelRequested(String runId);

	/** The run's tasks as stored now, in topological order. */
	List<TaskRun> tasks(String runId);

	boolean succeed(Claim claim, Long jobExecutionId);

	/** Ends the run CANCELLED, and its unfinished tasks too. */
	boolean cancel(Claim claim, Long jobExecutionId);

	/** The run waits for its next attempt, at {@code retryAt}. */
	boolean retryWait(Claim claim, String error, Instant retryAt, Long jobExecutionId);

	/**
	 * Fails the run for good: {@code upstreamFailed} become UPSTREAM_FAILED, and its
	 * onFailure work is due in the same transaction, so no crash can lose it.
	 */
	boolean fail(Claim claim, String error, Long jobExecutionId, Collection<String> upstreamFailed);

	/**
	 * Moves the run to a new generation (a new Spring Batch JobInstance), for an
	 * execution Spring Batch will not restart; its succeeded tasks keep their results.
	 */
	boolean nextGeneration(Claim claim);

	/**
	 * Hands a run back without using an attempt (its node died, or the platform failed
	 * under it): queued again from its interrupted task, or FAILED, with its onFailure
	 * due, once this happened {@code maxRecoveries} times. Returns the state it is left
	 * in, or null when the claim no longer held it.
	 */
	RunStatus release(Claim claim, String reason, int maxRecoveries);

}
