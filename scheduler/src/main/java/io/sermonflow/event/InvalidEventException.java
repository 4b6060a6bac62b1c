package io.sermonflow.event;

import io.sermonflow.error.PermanentException;

/** A message or request that is not an event: bad JSON, a missing or malformed field. */
public class InvalidEventException extends PermanentException {

	public InvalidEventException(String message) {
		super(message);
	}

}
