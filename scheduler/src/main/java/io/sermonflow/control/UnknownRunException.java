package io.sermonflow.control;

import io.sermonflow.error.PermanentException;

/** No run has the id the caller named. */
public class UnknownRunException extends PermanentException {

	public UnknownRunException(String runId) {
		super("No run with id " + runId);
	}

}
