package io.sermonflow.dag;

import java.util.Map;

/**
 * What an onFailure handler learns: the run, the event that started it, and why it
 * failed. Events it {@link #emit emits} are published once the handler's work is
 * committed, with the record that it ran.
 */
public record FailedRun(String runId, String dagId, String eventId, Map<String, Object> data, String error,
		Events events) {

	/** Publishes an event once the handler has finished; returns the event's id. */
	public String emit(String name, Map<String, Object> data) {
		return this.events.emit(name, data);
	}

	/** Where a handler's events go. */
	@FunctionalInterface
	public interface Events {

		String emit(String name, Map<String, Object> data);

	}

}
