package io.sermonflow.control;

import io.sermonflow.error.NotFoundException;

/** The run has no task with the id the caller named. */
public class UnknownTaskException extends NotFoundException {

	UnknownTaskException(String runId, String taskId) {
		super("Run " + runId + " has no task " + taskId);
	}

}
