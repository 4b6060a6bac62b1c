package io.sermonflow.mapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.stereotype.Component;

/**
 * The part of a mapped task that runs on its run's node: plans a piece per item of the
 * upstream task's list, waits while the nodes run them (showing pieces done of all as the
 * task's progress), and answers their results as one list in the items' order. A piece
 * that failed for good fails the task with its error, and the task's other pieces are
 * cancelled; a cancelled run cancels them too. Pieces that succeeded keep their results
 * for the run's next attempt.
 */
@Component
public class MappedTasks {

	/** How often the waiting task looks at its pieces; pieces are long. */
	private static final Duration POLL = Duration.ofMillis(200);

	private final PieceStore pieces;

	/**
	 * This node's piece worker, woken when pieces are planned; none on a node that runs
	 * no tasks.
	 */
	private final Optional<PieceWorker> worker;

	private final JsonMapper json;

	MappedTasks(PieceStore pieces, Optional<PieceWorker> worker, JsonMapper json) {
		this.pieces = pieces;
		this.worker = worker;
		this.json = json;
	}

	/** How the task reports its pieces' progress: done of total, forward only. */
	@FunctionalInterface
	public interface Progress {

		void done(long done, long total);

	}

	/**
	 * The mapped task's result, or null when its run was cancelled while it waited.
	 * @param upstreamOutput the result (JSON) of the task it is mapped over
	 */
	public JsonNode run(String runId, TaskSpec task, String upstreamOutput, BooleanSupplier cancelRequested,
			Progress progress) throws InterruptedException {
		JsonNode list = this.json.readTree(upstreamOutput);
		if (!list.isArray()) {
			throw new PermanentException("Task '" + task.id() + "' is mapped over '" + task.mapOver()
					+ "', whose result is not a list: " + abbreviated(upstreamOutput));
		}
		List<String> items = new ArrayList<>();
		list.forEach((item) -> items.add(this.json.writeValueAsString(item)));
		ArrayNode results = this.json.createArrayNode();
		if (items.isEmpty()) {
			return results;
		}
		this.pieces.plan(runId, task.id(), task.pool(), items);
		this.worker.ifPresent(PieceWorker::wake);
		long shown = -1;
		while (true) {
			PieceTally tally = this.pieces.tally(runId, task.id());
			if (tally.anyFailed()) {
				this.pieces.cancel(runId, task.id(), "piece " + tally.failedPiece() + " failed");
				String error = "Piece " + tally.failedPiece() + " of " + tally.total() + " of task '" + task.id()
						+ "' failed: " + tally.error();
				throw tally.retryable() ? new RetryableException(error) : new PermanentException(error);
			}
			if (tally.succeeded() != shown) {
				shown = tally.succeeded();
				progress.done(shown, tally.total());
			}
			if (tally.allSucceeded()) {
				for (String output : this.pieces.outputs(runId, task.id())) {
					results.add(this.json.readTree(output));
				}
				return results;
			}
			if (cancelRequested.getAsBoolean()) {
				this.pieces.cancel(runId, task.id(), "its run was cancelled");
				return null;
			}
			Thread.sleep(POLL.toMillis());
		}
	}

	private static String abbreviated(String text) {
		return (text.length() > 80) ? text.substring(0, 80) + "…" : text;
	}

}
