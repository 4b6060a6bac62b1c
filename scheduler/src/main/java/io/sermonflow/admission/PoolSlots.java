package io.sermonflow.admission;

import java.util.Map;

/**
 * Named slot counts for heavy tasks, across the cluster or on each node (such as
 * {@code transcode}: one per two cores of a node). A task in a pool takes a slot when it
 * starts and gives it back when it ends; a slot whose run is no longer running on the
 * node that took it (the node died, the run was recovered) counts as free.
 */
public interface PoolSlots {

	/**
	 * Takes a slot of the pool for the task, or answers why not: "blocked: pool transcode
	 * full (1/1)". Taking a slot the task already holds is ready.
	 */
	Readiness tryAcquire(String pool, String runId, String taskId, String nodeId);

	void release(String runId, String taskId);

	/**
	 * In the caller's transaction, which it locks the pool for: whether the node may take
	 * one more slot of it now (for a piece of a mapped task), or why not.
	 */
	Readiness room(String pool, String nodeId);

	/** Cluster-wide slot counts by pool name. */
	Map<String, Integer> capacities();

	/** Slots held now across the cluster, by pool name. */
	Map<String, Integer> inUse();

	/** This node's slot counts by pool name (pools capped per node). */
	Map<String, Integer> nodeCapacities();

	/** Slots the node holds now, by pool name (pools capped per node). */
	Map<String, Integer> inUseOn(String nodeId);

	static Readiness full(String pool, int held, int capacity) {
		return Readiness.blocked(Waiting.poolFull(pool, held, capacity));
	}

}
