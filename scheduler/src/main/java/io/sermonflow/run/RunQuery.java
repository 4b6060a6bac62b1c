package io.sermonflow.run;

import java.time.Instant;

/** A filter over runs, newest first: each field null for "any". */
public record RunQuery(String dagId, RunStatus status, Instant before, int limit, String backfillId) {

	public RunQuery(String dagId, RunStatus status, Instant before, int limit) {
		this(dagId, status, before, limit, null);
	}

	public RunQuery {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
	}

}
