package io.sermonflow.run;

import java.time.Instant;

/**
 * What happened when a task was about to start: it STARTED, it was MEMOISED (its result
 * is stored from an earlier generation), its run was CANCELLED, or this node no longer
 * holds the run's claim (LOST) and must start nothing. {@code runStartedAt} dates the run
 * for its timeout.
 */
public record TaskStart(Outcome outcome, Instant runStartedAt) {

	public enum Outcome {

		STARTED, MEMOISED, CANCELLED, LOST

	}

}
