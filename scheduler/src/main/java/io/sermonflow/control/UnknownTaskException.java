package io.sermonflow.control;

import io.sermonflow.error.PermanentException;

/** The run has no task with the id the caller named. */
public class UnknownTaskException extends PermanentException {

	UnknownTaskException(String runId, String taskId) {
		super("Run " + runId + " has no task " + taskId);
	}

}
