package io.sermonflow.run;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import io.sermonflow.dag.Dag;

/**
 * What follows an attempt of a run: the one decision the launcher carries out. Plain
 * Java, so each rule is tested without a database: a completed job succeeds; a stopped
 * one was cancelled; a failed one waits for its next attempt when every failure was
 * retryable and attempts remain, and otherwise fails for good with the tasks downstream
 * of the failures marked UPSTREAM_FAILED and its onFailure due. A node that lost the run
 * writes nothing; a failure of the platform under the run (the database went away, the
 * node's own lease lapsed) is not the task's fault and queues the run again without using
 * an attempt.
 */
public final class AfterAttempt {

	private AfterAttempt() {
	}

	/**
	 * How the attempt ended, as Spring Batch and the run store recorded it.
	 *
	 * @param run the run as claimed for the attempt
	 * @param ending how its job ended
	 * @param tasks its tasks as the run store holds them after the attempt
	 * @param jobFailure what failed the job when no task records a failure, or null
	 * @param infrastructureFailure whether the job failed because the platform (the
	 * database) went away under it
	 * @param lost whether another node holds the run now (this one was presumed dead)
	 * @param leaseLapsed whether this node stopped the job because its own lease ran out
	 * (its heart-beats did not reach the database), while it still holds the run
	 */
	public record Attempt(Run run, Ending ending, List<TaskRun> tasks, String jobFailure, boolean infrastructureFailure,
			boolean lost, boolean leaseLapsed) {

		public Attempt {
			tasks = List.copyOf(tasks);
		}

	}

	/** How an attempt's job ended. */
	public enum Ending {

		COMPLETED, STOPPED, FAILED

	}

	/** What the launcher does next. */
	public sealed interface Verdict permits Succeed, Cancel, Retry, Fail, Release, Abandon {

	}

	/** The run SUCCEEDED. */
	public record Succeed() implements Verdict {
	}

	/** The run was asked to stop and did: CANCELLED, its unfinished tasks too. */
	public record Cancel() implements Verdict {
	}

	/** The run waits in RETRY_WAIT until {@code at}, then runs its next attempt. */
	public record Retry(Instant at, Duration backoff, String error) implements Verdict {
	}

	/**
	 * The run FAILED for good; {@code upstreamFailed} will not run, and the onFailure
	 * work (the handler, then {@code run/failed}) is due.
	 */
	public record Fail(String error, Set<String> upstreamFailed) implements Verdict {

		public Fail {
			upstreamFailed = Set.copyOf(upstreamFailed);
		}

	}

	/** Not the run's fault: queued again from its interrupted task, no attempt used. */
	public record Release(String reason) implements Verdict {
	}

	/** This node no longer owns the run: it writes nothing more for it. */
	public record Abandon() implements Verdict {
	}

	/**
	 * Decides; {@code jitter} gives numbers in [0, 1) for the retry backoff.
	 */
	/**
	 * Decides after the run's job could not even be started or ended (Spring Batch threw
	 * rather than returning an execution): a lost database connection is not the run's
	 * fault and hands it back, anything else fails it.
	 */
	public static Verdict launchFailed(boolean infrastructureFailure, String message) {
		if (infrastructureFailure) {
			return new Release("the database connection was lost while the run's job started or ended");
		}
		return new Fail("Could not launch the run: " + message, Set.of());
	}

	public static Verdict decide(Attempt attempt, Dag dag, Instant now, DoubleSupplier jitter) {
		if (attempt.lost()) {
			return new Abandon();
		}
		if (attempt.leaseLapsed()) {
			return new Release("its lease lapsed while the run ran");
		}
		switch (attempt.ending()) {
			case COMPLETED:
				return new Succeed();
			case STOPPED:
				return new Cancel();
			default:
				break;
		}
		List<TaskRun> failed = attempt.tasks().stream().filter((t) -> t.status() == TaskStatus.FAILED).toList();
		boolean permanent = failed.stream().anyMatch((t) -> t.error() != null && !t.error().retryable());
		if (!permanent && attempt.infrastructureFailure()) {
			return new Release("the database connection was lost under the run");
		}
		String error = failed.isEmpty() ? String.valueOf(attempt.jobFailure())
				: failed.stream().map(AfterAttempt::describe).collect(Collectors.joining("; "));
		boolean retryable = !failed.isEmpty() && !permanent;
		Run run = attempt.run();
		if (retryable && run.attempt() < run.maxAttempts()) {
			Duration wait = dag.retryPolicy().delayBefore(run.attempt() + 1, jitter);
			return new Retry(now.plus(wait).truncatedTo(ChronoUnit.MILLIS), wait, error);
		}
		return new Fail(error, upstreamFailed(attempt.tasks(), failed, dag));
	}

	private static String describe(TaskRun task) {
		return task.taskId() + ": " + ((task.error() != null) ? task.error().message() : "failed");
	}

	/** The unfinished tasks downstream of the failed ones. */
	private static Set<String> upstreamFailed(List<TaskRun> tasks, List<TaskRun> failed, Dag dag) {
		Set<String> downstream = new LinkedHashSet<>();
		for (TaskRun task : failed) {
			downstream.addAll(dag.downstreamOf(task.taskId()));
		}
		List<String> unfinished = new ArrayList<>();
		for (TaskRun task : tasks) {
			if (downstream.contains(task.taskId()) && !task.status().isFinished()) {
				unfinished.add(task.taskId());
			}
		}
		return new LinkedHashSet<>(unfinished);
	}

}
