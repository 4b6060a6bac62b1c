package io.sermonflow.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sermonflow.dag.Dag;
import io.sermonflow.run.Claim;
import io.sermonflow.trace.Traces;

/**
 * One attempt of a run on this node, as its task steps share it: the claim every write
 * names, the run's data and deadline, and the watches of its running tasks. Once the
 * attempt is lost (another node holds the run now), its tasks are stopped and it writes
 * nothing more.
 */
final class RunAttempt {

	private final Claim claim;

	private final Dag dag;

	private final Map<String, Object> data;

	private final Instant runStartedAt;

	private final Map<String, TaskWatch> watches = new ConcurrentHashMap<>();

	private volatile boolean lost;

	private final int number;

	private final String traceparent;

	private final Map<String, Traces.Handle> spans = new ConcurrentHashMap<>();

	RunAttempt(Claim claim, Dag dag, Map<String, Object> data, Instant runStartedAt, int number, String traceparent) {
		this.claim = claim;
		this.number = number;
		this.traceparent = traceparent;
		this.dag = dag;
		this.data = data;
		this.runStartedAt = runStartedAt;
	}

	Claim claim() {
		return this.claim;
	}

	/** The run's attempt this is, counted from 1. */
	int number() {
		return this.number;
	}

	/** The run's span on this node, parent of its tasks' spans; null without tracing. */
	String traceparent() {
		return this.traceparent;
	}

	/** A task's span, from its start on this node to its end. */
	void spanStarted(String taskId, Traces.Handle span) {
		this.spans.put(taskId, span);
	}

	Traces.Handle spanEnded(String taskId) {
		return this.spans.remove(taskId);
	}

	Dag dag() {
		return this.dag;
	}

	Map<String, Object> data() {
		return this.data;
	}

	/** When the run's timeout passes, or null when it has none. */
	Instant runDeadline() {
		Duration timeout = this.dag.timeout();
		return (timeout != null && this.runStartedAt != null) ? this.runStartedAt.plus(timeout) : null;
	}

	void watching(String taskId, TaskWatch watch) {
		this.watches.put(taskId, watch);
		if (this.lost) {
			watch.stop(TaskWatch.Stop.LOST);
		}
	}

	TaskWatch watch(String taskId) {
		TaskWatch watch = this.watches.get(taskId);
		if (watch == null) {
			throw new IllegalStateException("Task " + taskId + " of " + this.claim + " is not running here");
		}
		return watch;
	}

	/** Ends a task's watch; null when the task did not run. */
	TaskWatch unwatch(String taskId) {
		TaskWatch watch = this.watches.remove(taskId);
		if (watch != null) {
			watch.close();
		}
		return watch;
	}

	/** Another node holds the run now: stop its tasks, write nothing more. */
	void lose() {
		this.lost = true;
		this.watches.values().forEach((watch) -> watch.stop(TaskWatch.Stop.LOST));
	}

	boolean isLost() {
		return this.lost;
	}

}
