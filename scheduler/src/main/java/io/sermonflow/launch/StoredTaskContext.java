package io.sermonflow.launch;

import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** A task's view of its run, read from and written to the run store. */
class StoredTaskContext implements TaskContext {

	private static final Logger log = LoggerFactory.getLogger(StoredTaskContext.class);

	private final String runId;

	private final String taskId;

	private final RunStore runs;

	private final JsonMapper json;

	private Run run;

	StoredTaskContext(String runId, String taskId, RunStore runs, JsonMapper json) {
		this.runId = runId;
		this.taskId = taskId;
		this.runs = runs;
		this.json = json;
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
		log.info(message);
		this.runs.appendLog(this.runId, this.taskId, "INFO", message);
	}

	private Run run() {
		if (this.run == null) {
			this.run = this.runs.find(this.runId)
				.orElseThrow(() -> new IllegalStateException("Run " + this.runId + " vanished"));
		}
		return this.run;
	}

}
