package io.sermonflow.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a run and the one table of moves between them. SUCCEEDED, FAILED and
 * CANCELLED end a run until an operator acts: retry (FAILED to QUEUED) or clear (any of
 * the three to QUEUED).
 */
public enum RunStatus {

	QUEUED, RUNNING, RETRY_WAIT, SUCCEEDED, FAILED, CANCELLED;

	private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(QUEUED, EnumSet.of(RUNNING, CANCELLED),
			// RUNNING to QUEUED: a run released by a node that shut down or lost its
			// lease
			RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, RETRY_WAIT, QUEUED), RETRY_WAIT,
			EnumSet.of(QUEUED, CANCELLED), SUCCEEDED, EnumSet.of(QUEUED), FAILED, EnumSet.of(QUEUED), CANCELLED,
			EnumSet.of(QUEUED));

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public boolean canMoveTo(RunStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	/** Checks a move against the table; an illegal one is a bug, not a user error. */
	public RunStatus moveTo(RunStatus next) {
		if (!canMoveTo(next)) {
			throw new IllegalTransitionException("run", this, next);
		}
		return next;
	}

	/** The states a run may be in for a move to {@code next}. */
	public static Set<RunStatus> sourcesOf(RunStatus next) {
		Set<RunStatus> sources = EnumSet.noneOf(RunStatus.class);
		for (RunStatus status : values()) {
			if (status.canMoveTo(next)) {
				sources.add(status);
			}
		}
		return sources;
	}

}
