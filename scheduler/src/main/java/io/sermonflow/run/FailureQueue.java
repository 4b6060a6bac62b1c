package io.sermonflow.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The work due after a run failed for good: its DAG's onFailure handler, then the
 * {@code run/failed} event. Failing a run makes it due in the same transaction; a node
 * claims it, runs it and records the outcome under its claim, so a node that dies while
 * it runs leaves it to another, and it takes effect once.
 */
public interface FailureQueue {

	/**
	 * Claims up to {@code limit} runs of the given DAGs whose onFailure work is due:
	 * pending (and past its retry time), claimed by a node whose lease ran out, or
	 * claimed by this node but not being done ({@code busy} are: its outcome could not be
	 * recorded).
	 */
	List<Due> claimDue(String nodeId, Collection<String> dagIds, Collection<String> busy, int limit);

	/** Claims one run's onFailure work if it is due. */
	List<Due> claim(String runId, String nodeId);

	/**
	 * Records the outcome: SUCCEEDED with the handler's result, or NONE when the DAG has
	 * no handler. False when the claim was lost (another node took the work over).
	 */
	boolean done(Due due, String status, String resultJson);

	/**
	 * Records that the handler failed: due again at {@code retryAt}, or FAILED for good
	 * when that is null. False when the claim was lost.
	 */
	boolean failed(Due due, String error, Instant retryAt);

	/**
	 * A claimed piece of onFailure work: the failed run and the attempt at handling it.
	 */
	record Due(Run run, int attempt, String nodeId) {
	}

}
