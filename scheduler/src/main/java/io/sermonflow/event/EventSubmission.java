package io.sermonflow.event;

import org.springframework.stereotype.Service;

/**
 * How events enter from the API and the console: the id is recorded as accepted first, so
 * a client's duplicate is answered at once, then the event is published to SQS for the
 * intake, and marked published with the next batch of marks ({@link PublishedMarks}).
 */
@Service
public class EventSubmission {

	private final EventLog events;

	private final EventPublisher publisher;

	private final PublishedMarks marks;

	EventSubmission(EventLog events, EventPublisher publisher, PublishedMarks marks) {
		this.events = events;
		this.publisher = publisher;
		this.marks = marks;
	}

	/**
	 * Returns false when the id was accepted before: a duplicate, not published again.
	 */
	public boolean submit(Event event) {
		return submit(event, null);
	}

	/**
	 * As {@link #submit(Event)}, recording who submitted the event (a user or an API
	 * token's holder) with it.
	 */
	public boolean submit(Event event, String submittedBy) {
		if (!this.events.accept(event, submittedBy)) {
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
		this.marks.published(event.id());
		return true;
	}

}
