package io.sermonflow.mapping;

import java.time.Instant;
import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.run.ClaimedRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a piece of a mapped task sees: its run's data and upstream results, and its own
 * item. Its progress is the task's count of pieces done, so it reports none of its own;
 * it emits no events (a downstream task emits what the pieces found).
 */
final class PieceContext implements TaskContext {

	private static final Logger log = LoggerFactory.getLogger("io.sermonflow.task");

	private final Piece piece;

	private final Map<String, Object> data;

	private final ClaimedRuns runs;

	private final JsonMapper json;

	@SuppressWarnings("unchecked")
	PieceContext(Piece piece, Map<?, ?> data, ClaimedRuns runs, JsonMapper json) {
		this.piece = piece;
		this.data = (Map<String, Object>) data;
		this.runs = runs;
		this.json = json;
	}

	@Override
	public String runId() {
		return this.piece.runId();
	}

	@Override
	public String taskId() {
		return this.piece.taskId();
	}

	@Override
	public Map<String, Object> data() {
		return this.data;
	}

	@Override
	public <T> T item(Class<T> type) {
		return this.json.readValue(this.piece.itemJson(), type);
	}

	@Override
	public <T> T result(String upstreamTaskId, Class<T> type) {
		String output = this.runs.taskOutput(this.piece.runId(), upstreamTaskId)
			.orElseThrow(() -> new PermanentException("Task '" + upstreamTaskId + "' of run " + this.piece.runId()
					+ " has no result (it has not succeeded)"));
		return this.json.readValue(output, type);
	}

	@Override
	public void progress(long done, long total) {
		// the task's progress counts its pieces
	}

	@Override
	public void log(String message) {
		log.info(message);
	}

	@Override
	public String emit(String name, Map<String, Object> data) {
		throw noEvents(name);
	}

	@Override
	public String sendAt(Instant at, String name, Map<String, Object> data) {
		throw noEvents(name);
	}

	private PermanentException noEvents(String name) {
		return new PermanentException("Piece " + this.piece.label() + " cannot send event '" + name
				+ "': a piece of a mapped task returns what it found, and a task downstream sends events");
	}

}
