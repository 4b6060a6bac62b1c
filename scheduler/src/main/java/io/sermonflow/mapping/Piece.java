package io.sermonflow.mapping;

/**
 * One piece of a mapped task as the node that took it holds it: the run's DAG, data
 * (JSON) and claim epoch, the piece's item (JSON), and the attempt that names this node's
 * hold on it; every write for the piece names the node and the attempt.
 */
public record Piece(String runId, String dagId, long runEpoch, String dataJson, String taskId, int index,
		String itemJson, String nodeId, int attempt, int failures) {

	/** {@code transcribe_piece[3]}. */
	public String label() {
		return this.taskId + "[" + this.index + "]";
	}

}
