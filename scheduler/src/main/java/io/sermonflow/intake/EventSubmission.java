package io.sermonflow.intake;

import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;

import org.springframework.stereotype.Service;

/**
 * How events enter from the API and the console: the id is recorded as accepted first, so
 * a client's duplicate is answered at once, then the event is published to SQS for the
 * intake.
 */
@Service
public class EventSubmission {

	private final EventLog events;

	private final EventQueue queue;

	EventSubmission(EventLog events, EventQueue queue) {
		this.events = events;
		this.queue = queue;
	}

	/**
	 * Returns false when the id was accepted before: a duplicate, not published again.
	 */
	public boolean submit(Event event) {
		if (!this.events.accept(event)) {
			return false;
		}
		try {
			this.queue.publish(event);
		}
		catch (RuntimeException ex) {
			// not published: forget the id so the client's retry is taken, not called a
			// duplicate
			this.events.forget(event.id());
			throw ex;
		}
		this.events.published(event.id());
		return true;
	}

}
