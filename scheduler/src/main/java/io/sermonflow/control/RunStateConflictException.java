package io.sermonflow.control;

import io.sermonflow.error.ConflictException;
import io.sermonflow.run.RunStatus;

/** An operator action that does not fit the run's current state. */
public class RunStateConflictException extends ConflictException {

	private final RunStatus status;

	RunStateConflictException(String message, RunStatus status) {
		super(message);
		this.status = status;
	}

	public RunStatus status() {
		return this.status;
	}

}
