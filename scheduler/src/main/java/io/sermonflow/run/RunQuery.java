package io.sermonflow.run;

import java.time.Instant;

/**
 * A filter over runs, newest first: each field null for "any". {@code before} pages on
 * (runs created before it); {@code since} bounds how far back.
 */
public record RunQuery(String dagId, RunStatus status, Instant before, int limit, String backfillId, Instant since) {

	public RunQuery(String dagId, RunStatus status, Instant before, int limit) {
		this(dagId, status, before, limit, null, null);
	}

	public RunQuery(String dagId, RunStatus status, Instant before, int limit, String backfillId) {
		this(dagId, status, before, limit, backfillId, null);
	}

	public RunQuery {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
	}

}
