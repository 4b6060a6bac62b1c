package io.sermonflow.run;

import java.time.Instant;

/**
 * What happened when a task was about to start: it STARTED, it was MEMOISED (its result
 * is stored from an earlier generation), or its run was CANCELLED. {@code runStartedAt}
 * dates the run for timeouts.
 */
public record TaskStart(Outcome outcome, Instant runStartedAt) {

	public enum Outcome {

		STARTED, MEMOISED, CANCELLED

	}

}
