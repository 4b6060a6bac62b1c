package io.sermonflow.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.sermonflow.loop.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Marks accepted events as published in batches, twice a second, instead of with a
 * transaction of its own after every publish. The mark only keeps the unpublished-event
 * sweep away from an event that is on the queue; the intake records most events before
 * the batch is written, and those are not written again. A mark lost with its node (at
 * most half a second's worth) costs a second publish after the sweep's grace, which the
 * intake records once, as it does any redelivery.
 */
@Component
class PublishedMarks implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PublishedMarks.class);

	static final Duration INTERVAL = Duration.ofMillis(500);

	/** Beyond this many waiting marks (the database away for long), the sweep does it. */
	private static final int MAX_WAITING = 20_000;

	private static final int BATCH = 500;

	private final EventLog events;

	private final BlockingQueue<String> waiting = new LinkedBlockingQueue<>(MAX_WAITING);

	private final BackgroundLoop loop;

	PublishedMarks(EventLog events) {
		this.events = events;
		this.loop = BackgroundLoop.of("sermonflow-published-marks", this::round, Duration.ofSeconds(2), log);
	}

	/** Notes an event as on the queue; it is marked within {@link #INTERVAL}. */
	void published(String eventId) {
		if (!this.waiting.offer(eventId)) {
			log.debug("Too many publish marks waiting; the sweep will publish {} again", eventId);
		}
	}

	private void round() throws InterruptedException {
		Thread.sleep(INTERVAL.toMillis());
		flush();
	}

	/** Writes every waiting mark now. */
	void flush() {
		List<String> batch = new ArrayList<>(BATCH);
		while (this.waiting.drainTo(batch, BATCH) > 0) {
			try {
				this.events.published(batch);
			}
			catch (RuntimeException ex) {
				// kept for the next round: the database is away
				batch.forEach(this.waiting::offer);
				throw ex;
			}
			batch.clear();
		}
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop(INTERVAL.multipliedBy(2));
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.warn("Could not mark {} published events at shutdown; the sweep will publish them again: {}",
					this.waiting.size(), ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/**
	 * Stops after the web server has answered its last request (Spring Boot stops it at
	 * {@code DEFAULT_PHASE - 2048}), so the marks of those requests are written too.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
