package io.sermonflow.mapping;

/**
 * How far a mapped task's pieces are, and the first piece that failed (null when none).
 */
public record PieceTally(int total, int succeeded, int running, Integer failedPiece, String error, boolean retryable) {

	public boolean anyFailed() {
		return this.failedPiece != null;
	}

	public boolean allSucceeded() {
		return this.succeeded == this.total;
	}

}
