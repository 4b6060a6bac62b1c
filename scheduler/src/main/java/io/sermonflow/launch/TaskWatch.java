package io.sermonflow.launch;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.sermonflow.dag.StoppableWork;
import io.sermonflow.error.TimedOutException;
import io.sermonflow.run.Claim;
import io.sermonflow.run.LostClaimException;

/**
 * One attempt of one task on this node, watched: when its deadline passes or its run is
 * lost to another node, the thread running the task's own code is interrupted and every
 * process it started is killed with its process tree. Spring Batch's code between the
 * task's callbacks is never interrupted: the stop is noted, and the next callback fails
 * at once.
 */
final class TaskWatch {

	/** Why a task was stopped. */
	enum Stop {

		TIMED_OUT, RUN_TIMED_OUT, LOST

	}

	private final String taskId;

	private final Claim claim;

	private final Duration taskLimit;

	private final Duration runTimeout;

	private final StoppableWork<Stop> work = new StoppableWork<>();

	private ScheduledFuture<?> timer;

	TaskWatch(String taskId, Claim claim, Duration taskLimit, Duration runTimeout) {
		this.taskId = taskId;
		this.claim = claim;
		this.taskLimit = taskLimit;
		this.runTimeout = runTimeout;
	}

	synchronized void timer(ScheduledFuture<?> timer) {
		this.timer = timer;
	}

	/** The task's code starts on this thread; throws at once when it was stopped. */
	void enter() {
		if (!this.work.enter()) {
			throw failure();
		}
	}

	/**
	 * The task's code returned (or threw) on this thread; an interrupt meant for it goes
	 * no further.
	 */
	void exit() {
		this.work.exit();
	}

	void stop(Stop why) {
		this.work.stop(why);
	}

	/** Ends the watch: the task's step is over. */
	synchronized void close() {
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	boolean isStopped() {
		return this.work.stopped() != null;
	}

	/** What the task failed with, having been stopped. */
	RuntimeException failure() {
		return switch (this.work.stopped()) {
			case TIMED_OUT -> TimedOutException.ofTask(this.taskId, this.taskLimit);
			case RUN_TIMED_OUT -> TimedOutException.ofRun(this.taskId, this.runTimeout);
			case LOST -> new LostClaimException(this.claim);
		};
	}

}
