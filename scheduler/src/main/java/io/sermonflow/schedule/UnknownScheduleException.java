package io.sermonflow.schedule;

public class UnknownScheduleException extends RuntimeException {

	public UnknownScheduleException(String scheduleId) {
		super("No schedule " + scheduleId);
	}

}
