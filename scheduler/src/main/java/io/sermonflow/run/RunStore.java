package io.sermonflow.run;

import java.util.List;
import java.util.Optional;

/**
 * Where runs and their tasks live. Every state change goes through the transition tables.
 */
public interface RunStore {

	void create(NewRun run);

	Optional<Run> find(String runId);

	List<Run> list(RunQuery query);

	List<String> runsOfEvent(String eventId);

	/**
	 * Claims up to {@code limit} QUEUED runs for a node, highest priority first, then
	 * oldest. Safe to call from any number of nodes at once: no run is claimed twice.
	 */
	List<Run> claimQueued(String nodeId, int limit);

	void attachJobExecution(String runId, long jobExecutionId);

	/** Ends a RUNNING run; the error is null unless it failed. */
	void finish(String runId, RunStatus status, String error);

	void taskStarted(String runId, String taskId);

	void taskSucceeded(String runId, String taskId, String outputJson);

	void taskFailed(String runId, String taskId, TaskRun.TaskError error);

	/**
	 * Marks every unfinished task of a run, after the run ended, with the given status.
	 */
	void closeUnfinishedTasks(String runId, TaskStatus status);

	void taskProgress(String runId, String taskId, long done, long total);

	void appendLog(String runId, String taskId, String level, String message);

	List<TaskLogLine> logs(String runId, String taskId, int limit);

}
