package io.sermonflow.intake;

import java.time.Duration;

import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the window between accepting an event (its id recorded) and publishing it: a
 * node that stopped in between left an accepted event nobody will process. Publishing it
 * again is safe, since the intake records an id once.
 */
@DisallowConcurrentExecution
class UnpublishedEventSweepJob implements Job {

	private static final Logger log = LoggerFactory.getLogger(UnpublishedEventSweepJob.class);

	/** Far longer than an accept-and-publish takes. */
	static final Duration GRACE = Duration.ofSeconds(30);

	private final EventLog events;

	private final EventQueue queue;

	UnpublishedEventSweepJob(EventLog events, EventQueue queue) {
		this.events = events;
		this.queue = queue;
	}

	@Override
	public void execute(JobExecutionContext context) {
		for (Event event : this.events.unpublished(GRACE, 500)) {
			this.queue.publish(event);
			this.events.published(event.id());
			log.warn("Event {} ({}) was accepted but never published; published it now", event.id(), event.name());
		}
	}

}
