package io.sermonflow.backfill;

import java.time.Instant;
import java.util.Map;

/**
 * Runs of one DAG over a list of items, started at most {@code ratePerMinute} a minute;
 * {@code runs} counts them by status.
 */
public record Backfill(String backfillId, String dagId, int items, int ratePerMinute, Instant createdAt,
		Instant cancelledAt, Map<String, Integer> runs) {

	/** Runs that ended (succeeded, failed or cancelled). */
	public int finished() {
		return this.runs.getOrDefault("SUCCEEDED", 0) + this.runs.getOrDefault("FAILED", 0)
				+ this.runs.getOrDefault("CANCELLED", 0);
	}

}
