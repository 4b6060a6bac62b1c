package io.sermonflow.backfill;

import java.time.Duration;
import java.time.Instant;

/**
 * What a backfill would do, answered without starting it: its runs and when the first and
 * last would start at the rate asked; with {@code typicalRun} (the median of the DAG's
 * recent successful runs, null when it has none) an estimate of when the last would end.
 */
public record BackfillPlan(String dagId, int runs, int ratePerMinute, Instant firstStartAt, Instant lastStartAt,
		Duration typicalRun, Instant estimatedEndAt) {

}
