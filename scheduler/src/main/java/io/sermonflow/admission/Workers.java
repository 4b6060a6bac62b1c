package io.sermonflow.admission;

/**
 * A node's task slots as admission sees them: how many it has and how many are free now.
 * A run is admitted only when a slot is free for its first task.
 */
public record Workers(String nodeId, int capacity, int free) {

	public Waiting noneFree() {
		return Waiting.noWorker(this.capacity, this.nodeId);
	}

}
