package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** A task's view of its run, read from and written to the run store. */
class StoredTaskContext implements TaskContext {

	/** How far ahead {@link #sendAt} may schedule: a year, and a day's slack. */
	static final Duration MAX_DELAY = Duration.ofDays(366);

	private static final Logger log = LoggerFactory.getLogger("io.sermonflow.task");

	private final String runId;

	private final String taskId;

	private final RunStore runs;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private Run run;

	StoredTaskContext(String runId, String taskId, RunStore runs, Outbox outbox, JsonMapper json, Clock clock) {
		this.runId = runId;
		this.taskId = taskId;
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
		return run().data();
	}

	@Override
	public <T> T result(String upstreamTaskId, Class<T> type) {
		TaskRun upstream = run().tasks()
			.stream()
			.filter((task) -> task.taskId().equals(upstreamTaskId))
			.findFirst()
			.orElseThrow(() -> new PermanentException("Run " + this.runId + " has no task '" + upstreamTaskId + "'"));
		if (upstream.status() != TaskStatus.SUCCEEDED || upstream.outputJson() == null) {
			throw new PermanentException(
					"Task '" + upstreamTaskId + "' has no result yet (it is " + upstream.status() + ")");
		}
		return this.json.readValue(upstream.outputJson(), type);
	}

	@Override
	public void progress(long done, long total) {
		this.runs.taskProgress(this.runId, this.taskId, done, total);
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

	private Run run() {
		if (this.run == null) {
			this.run = this.runs.find(this.runId)
				.orElseThrow(() -> new IllegalStateException("Run " + this.runId + " vanished"));
		}
		return this.run;
	}

}
