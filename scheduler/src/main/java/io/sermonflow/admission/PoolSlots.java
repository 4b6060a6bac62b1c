package io.sermonflow.admission;

import java.util.Map;

/**
 * Named slot counts for heavy tasks, such as {@code transcode} = 1 on a 2-core box. A
 * task in a pool takes a slot when it starts and gives it back when it ends; a slot whose
 * run is no longer running on the node that took it (the node died, the run was
 * recovered) counts as free.
 */
public interface PoolSlots {

	/**
	 * Takes a slot of the pool for the task, or answers why not: "blocked: pool transcode
	 * full (1/1)". Taking a slot the task already holds is ready.
	 */
	Readiness tryAcquire(String pool, String runId, String taskId, String nodeId);

	void release(String runId, String taskId);

	/** Slot counts by pool name. */
	Map<String, Integer> capacities();

	/** Slots held now by pool name. */
	Map<String, Integer> inUse();

	static Readiness full(String pool, int held, int capacity) {
		return Readiness.blocked(Waiting.poolFull(pool, held, capacity));
	}

}
