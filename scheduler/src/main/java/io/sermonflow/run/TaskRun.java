package io.sermonflow.run;

import java.time.Instant;

/** One task of a run, as stored: its state, result (as JSON) and last error. */
public record TaskRun(String taskId, TaskStatus status, int attempts, Instant startedAt, Instant endedAt,
		String outputJson, TaskError error, Long progressDone, Long progressTotal) {

	/**
	 * Why a task failed: the exception type, its message, whether a retry may help, and
	 * the trace.
	 */
	public record TaskError(String type, String message, boolean retryable, String stackTrace) {
	}

}
