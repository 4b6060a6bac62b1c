package io.sermonflow.event;

import org.springframework.stereotype.Service;

/**
 * How events enter from the API and the console: the id is recorded as accepted first, so
 * a client's duplicate is answered at once, then the event is published to SQS for the
 * intake.
 */
@Service
public class EventSubmission {

	private final EventLog events;

	private final EventPublisher publisher;

	EventSubmission(EventLog events, EventPublisher publisher) {
		this.events = events;
		this.publisher = publisher;
	}

	/**
	 * Returns false when the id was accepted before: a duplicate, not published again.
	 */
	public boolean submit(Event event) {
		if (!this.events.accept(event)) {
			return false;
		}
		try {
			this.publisher.publish(event);
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
