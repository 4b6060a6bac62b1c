package io.sermonflow.run;

import java.time.Instant;

/**
 * One task of a run, as stored: its state, result (as JSON), last error, and the node
 * that runs (or last ran) it.
 */
public record TaskRun(String taskId, TaskStatus status, int attempts, Instant startedAt, Instant endedAt,
		String outputJson, TaskError error, Long progressDone, Long progressTotal, String nodeId) {

	/**
	 * Why a task failed: the exception type, its message, whether a retry may help, and
	 * the trace.
	 */
	public record TaskError(String type, String message, boolean retryable, String stackTrace) {
	}

}
