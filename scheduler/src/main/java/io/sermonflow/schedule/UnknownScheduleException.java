package io.sermonflow.schedule;

import io.sermonflow.error.NotFoundException;

public class UnknownScheduleException extends NotFoundException {

	public UnknownScheduleException(String scheduleId) {
		super("No schedule " + scheduleId);
	}

}
