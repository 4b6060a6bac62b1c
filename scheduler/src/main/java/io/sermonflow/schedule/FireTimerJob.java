package io.sermonflow.schedule;

import java.time.Clock;

import io.sermonflow.trace.Traces;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A timer's moment came: its event goes into the outbox, in the transaction that marks
 * the timer fired, and the outbox relay publishes it to SQS at once. The event keeps the
 * id given when it was scheduled, so a second firing is recorded once.
 */
class FireTimerJob implements Job {

	private final JdbcScheduleStore store;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Traces traces;

	FireTimerJob(JdbcScheduleStore store, Outbox outbox, TransactionTemplate transaction, Clock clock, Traces traces) {
		this.traces = traces;
		this.store = store;
		this.outbox = outbox;
		this.transaction = transaction;
		this.clock = clock;
	}

	@Override
	public void execute(JobExecutionContext context) {
		String id = context.getTrigger().getKey().getName();
		try (Traces.Scope trace = this.traces.startLinked("sermonflow.timer " + id, this.store.createdInTrace(id))) {
			fire(id);
		}
	}

	private void fire(String id) {
		this.transaction.executeWithoutResult((tx) -> this.store.find(id).ifPresent((timer) -> {
			this.outbox.add(new Event(timer.eventName(), timer.eventId(), timer.data()), this.clock.instant(), null);
			this.store.fired(id);
		}));
	}

}
