package io.sermonflow.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states of one task of a run, with the one table of moves between them. */
public enum TaskStatus {

	PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, SKIPPED, UPSTREAM_FAILED, CANCELLED;

	// PENDING to FAILED: a task that cannot start, because its DAG no longer has it
	private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = Map.of(PENDING,
			EnumSet.of(QUEUED, RUNNING, SKIPPED, UPSTREAM_FAILED, CANCELLED, FAILED), QUEUED,
			EnumSet.of(RUNNING, CANCELLED, PENDING),
			// RUNNING to PENDING: the task's node died or shut down; it runs again
			RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, PENDING), SUCCEEDED, EnumSet.of(PENDING), FAILED,
			EnumSet.of(PENDING), SKIPPED, EnumSet.of(PENDING), UPSTREAM_FAILED, EnumSet.of(PENDING), CANCELLED,
			EnumSet.of(PENDING));

	public boolean isFinished() {
		return this != PENDING && this != QUEUED && this != RUNNING;
	}

	public boolean canMoveTo(TaskStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	public TaskStatus moveTo(TaskStatus next) {
		if (!canMoveTo(next)) {
			throw new IllegalTransitionException("task", this, next);
		}
		return next;
	}

	public static Set<TaskStatus> sourcesOf(TaskStatus next) {
		Set<TaskStatus> sources = EnumSet.noneOf(TaskStatus.class);
		for (TaskStatus status : values()) {
			if (status.canMoveTo(next)) {
				sources.add(status);
			}
		}
		return sources;
	}

}
