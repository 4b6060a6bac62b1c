package io.sermonflow.mapping;

/** Where a piece of a mapped task stands. */
public enum PieceStatus {

	/** Waiting for a node with a free slot of its pool. */
	QUEUED,
	/** A node runs it. */
	RUNNING, SUCCEEDED,
	/** Failed for good (a permanent error, or a retryable one too often). */
	FAILED,
	/** Its run was cancelled, or another piece failed. */
	CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
