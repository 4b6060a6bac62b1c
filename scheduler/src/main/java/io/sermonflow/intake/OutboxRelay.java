package io.sermonflow.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.sermonflow.config.OnRole;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventTooLargeException;
import io.sermonflow.event.Outbox;
import io.sermonflow.loop.BackgroundLoop;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import io.sermonflow.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox's due events to the SQS main queue. Rows are locked with SKIP
 * LOCKED, so relays on several nodes share the work, and deleted in the transaction that
 * published them.
 */
@Component
@OnRole("worker")
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final int BATCH = 100;

	private static final Duration POLL = Duration.ofMillis(250);

	private final Outbox outbox;

	private final EventQueue queue;

	private final TransactionTemplate transaction;

	private final BackgroundLoop loop = BackgroundLoop.of("sermonflow-outbox", this::round, Duration.ofSeconds(2), log);

	private final Schedules schedules;

	private final Traces traces;

	private final Clock clock;

	OutboxRelay(Outbox outbox, EventQueue queue, TransactionTemplate transaction, Schedules schedules, Traces traces,
			Clock clock) {
		this.clock = clock;
		this.traces = traces;
		this.schedules = schedules;
		this.outbox = outbox;
		this.queue = queue;
		this.transaction = transaction;
	}

	/**
	 * Events a task sent for later than this become Quartz timers, listed with the
	 * schedules; sooner ones wait here.
	 */
	private static final Duration TIMER_THRESHOLD = Duration.ofSeconds(5);

	/** Publishes what is due; returns how many events were published. */
	int relayOnce() {
		this.transaction.executeWithoutResult((status) -> {
			for (Outbox.Deferred deferred : this.outbox.lockDeferred(this.clock.instant().plus(TIMER_THRESHOLD),
					BATCH)) {
				Event event = deferred.event();
				this.schedules.createAt("sendat-" + event.id(), deferred.dueAt(), event.name(), event.id(),
						event.data(), Schedule.Misfire.FIRE_ONCE, "task");
				this.outbox.delete(deferred.id());
			}
		});
		Integer published = this.transaction.execute((status) -> {
			List<Outbox.Pending> due = this.outbox.lockDue(BATCH);
			for (Outbox.Pending pending : due) {
				try (Traces.Scope trace = this.traces.continueTrace("sermonflow.publish " + pending.event().name(),
						pending.traceparent())) {
					this.queue.publish(pending.event());
				}
				catch (EventTooLargeException ex) {
					// stored before the outbox refused such events: kept for an operator,
					// out
					// of the way of the events behind it
					log.error("Outbox event {} ({}) cannot be published and is set aside for a day: {}",
							pending.event().id(), pending.event().name(), ex.getMessage());
					this.outbox.postpone(pending.id(), this.clock.instant().plus(Duration.ofDays(1)));
					continue;
				}
				this.outbox.delete(pending.id());
			}
			return due.size();
		});
		return (published != null) ? published : 0;
	}

	/** Relays a batch; when the outbox had less than a batch due, waits a poll. */
	private void round() throws InterruptedException {
		if (relayOnce() < BATCH) {
			Thread.sleep(POLL.toMillis());
		}
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop(Duration.ofSeconds(5));
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

}
