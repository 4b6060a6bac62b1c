package io.sermonflow.retention;

import java.time.Instant;

/**
 * One kind of history that housekeeping forgets: the store that owns the rows implements
 * it, so the SQL stays with its table.
 */
public interface RetentionTarget {

	Retained kind();

	/** The rows a purge at {@code cutoff} would remove. */
	long count(Instant cutoff);

	/**
	 * Removes at most {@code limit} rows older than {@code cutoff} in one short
	 * transaction, oldest first; returns how many went.
	 */
	int purge(Instant cutoff, int limit);

}
