package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task's view of its run, read from and written to the run store under the run's claim.
 */
class StoredTaskContext implements TaskContext {

	/** How far ahead {@link #sendAt} may schedule: a year, and a day's slack. */
	static final Duration MAX_DELAY = Duration.ofDays(366);

	private static final Logger log = LoggerFactory.getLogger("io.sermonflow.task");

	private final Claim claim;

	private final String runId;

	private final String taskId;

	private final ClaimedRuns runs;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final Map<String, Object> data;

	StoredTaskContext(Claim claim, String taskId, Map<String, Object> data, ClaimedRuns runs, Outbox outbox,
			JsonMapper json, Clock clock) {
		this.claim = claim;
		this.runId = claim.runId();
		this.taskId = taskId;
		this.data = data;
		this.runs = runs;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public String runId() {
		return this.runId;
	}

	@Override
	public String taskId() {
		return this.taskId;
	}

	@Override
	public Map<String, Object> data() {
		return this.data;
	}

	@Override
	public <T> T result(String upstreamTaskId, Class<T> type) {
		String output = this.runs.taskOutput(this.runId, upstreamTaskId)
			.orElseThrow(() -> new PermanentException(
					"Task '" + upstreamTaskId + "' of run " + this.runId + " has no result (it has not succeeded)"));
		return this.json.readValue(output, type);
	}

	@Override
	public void progress(long done, long total) {
		this.runs.taskProgress(this.claim, this.taskId, done, total);
	}

	@Override
	public void log(String message) {
		// captured into the task's log by TaskLogCapture, through the MDC run and task
		// ids
		log.info(message);
	}

	@Override
	public String emit(String name, Map<String, Object> data) {
		return sendAt(this.clock.instant(), name, data);
	}

	@Override
	public String sendAt(Instant at, String name, Map<String, Object> data) {
		if (at.isAfter(this.clock.instant().plus(MAX_DELAY))) {
			throw new PermanentException("sendAt " + at + " is more than a year ahead");
		}
		Event event = Event.of(name, data);
		this.outbox.add(event, at, this.runId);
		return event.id();
	}

}
