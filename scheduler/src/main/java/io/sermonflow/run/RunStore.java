package io.sermonflow.run;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where runs live: what staff and integrators read, and the actions operators take. The
 * writes of a node executing a run go through {@link ClaimedRuns}; admission and recovery
 * through {@link RunClaims}. Every state change goes through the transition tables.
 */
public interface RunStore {

	void create(NewRun run);

	/**
	 * A run with its tasks. A RUNNING run whose node went silent says so in its waiting
	 * reason.
	 */
	Optional<Run> find(String runId);

	List<Run> list(RunQuery query);

	List<String> runsOfEvent(String eventId);

	List<TaskLogLine> logs(String runId, String taskId, int limit);

	/**
	 * Queues a run again from one of the given states, as its next attempt: its
	 * unfinished tasks become PENDING, its succeeded tasks keep their results. False when
	 * the run is in another state.
	 */
	boolean requeue(String runId, Set<RunStatus> from);

	/**
	 * Queues an ended run as a new generation: the given tasks, and every task that did
	 * not succeed, become PENDING; the others keep their results. False when the run has
	 * not ended.
	 */
	boolean clear(String runId, Collection<String> taskIds);

	/** Cancels a run that is not running yet; false when it is in another state. */
	boolean cancelWaiting(String runId);

	/**
	 * Asks a RUNNING run to stop at its next step or chunk boundary; false when it is not
	 * running.
	 */
	boolean requestCancel(String runId);

}
