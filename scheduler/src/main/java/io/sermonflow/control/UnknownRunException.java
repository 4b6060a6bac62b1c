package io.sermonflow.control;

import io.sermonflow.error.NotFoundException;

/** No run has the id the caller named. */
public class UnknownRunException extends NotFoundException {

	public UnknownRunException(String runId) {
		super("No run with id " + runId);
	}

}
