package io.sermonflow.mapping;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The pieces of mapped tasks, durable and shared by the nodes. A write for a piece a node
 * runs names the node and its attempt, and is refused (false) once the piece is no longer
 * that node's: it was cancelled, or given to another node after this one was lost.
 */
public interface PieceStore {

	/**
	 * Plans a piece per item (JSON) in its own transaction, and signals the nodes at its
	 * commit. Pieces already planned for the same item keep what they have (a piece done
	 * before a restart stays done); failed or cancelled ones are queued again, and pieces
	 * past the end of the list go.
	 */
	void plan(String runId, String taskId, String pool, List<String> items);

	/**
	 * Takes the longest-waiting queued piece of the pool, of a running run, one of
	 * {@code tasks} ({@code dagId/taskId}), when the pool has room on this node.
	 */
	Optional<Piece> claim(String pool, String nodeId, Collection<String> tasks);

	boolean succeeded(Piece piece, String outputJson);

	/** The piece failed for good. */
	boolean failed(Piece piece, String error, boolean retryable);

	/** The piece failed and waits for a node again (a retryable error, counted). */
	boolean failedForNow(Piece piece, String error);

	/** Hands the piece back uncounted (its node stops, or its run is not running). */
	boolean giveBack(Piece piece, String why);

	/**
	 * Whether the piece is still this node's, in a run that has not ended (a run queued
	 * again after its node was lost resumes, and keeps the piece's result).
	 */
	boolean isHeld(Piece piece);

	PieceTally tally(String runId, String taskId);

	/** The results (JSON) of the task's pieces, in order. */
	List<String> outputs(String runId, String taskId);

	/** Cancels the task's pieces not yet ended; returns how many. */
	int cancel(String runId, String taskId, String why);

	/**
	 * Queues again the pieces RUNNING on nodes whose lease ran out; returns how many.
	 */
	int requeueLost();

	List<PieceView> pieces(String runId);

}
