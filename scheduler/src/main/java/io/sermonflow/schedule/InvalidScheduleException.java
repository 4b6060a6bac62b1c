package io.sermonflow.schedule;

/** A schedule that cannot be created as asked; the message names the field. */
public class InvalidScheduleException extends IllegalArgumentException {

	public InvalidScheduleException(String message) {
		super(message);
	}

}
