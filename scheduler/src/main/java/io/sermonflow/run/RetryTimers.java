package io.sermonflow.run;

import java.time.Instant;

/**
 * Durable timers that end a run's wait between attempts: written in the caller's
 * transaction, so a process that stops during the wait loses nothing, and fired once by
 * one node of the cluster, which queues the run again.
 */
public interface RetryTimers {

	void schedule(String runId, Instant at);

	/** Drops a pending retry, for a run cancelled or retried by hand while it waited. */
	void cancel(String runId);

}
