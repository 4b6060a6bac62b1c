package io.sermonflow.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.sermonflow.config.OnRole;
import io.sermonflow.event.EventParser;
import io.sermonflow.event.InvalidEventException;
import io.sermonflow.loop.BackgroundLoop;
import io.sermonflow.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Long-polls the main queue and records each event. A message is deleted only after its
 * event and runs are committed; one that cannot be processed stays, and after the queue's
 * maxReceiveCount SQS moves it to the dead-letter queue. Nothing is acknowledged before
 * it is durable.
 */
@Component
@OnRole("worker")
class IntakeWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IntakeWorker.class);

	private static final int BATCH = 10;

	/** Short enough that shutdown waits little for the poll in flight. */
	private static final int WAIT_SECONDS = 2;

	private static final Duration BACKOFF_WHEN_DOWN = Duration.ofSeconds(2);

	private final EventQueue queue;

	private final EventParser parser;

	private final EventIntake intake;

	private final BackgroundLoop loop;

	private final DeadLetterStore failures;

	private final Duration visibility;

	private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sermonflow-intake-visibility");
		thread.setDaemon(true);
		return thread;
	});

	IntakeWorker(EventQueue queue, EventParser parser, EventIntake intake, SqsProperties properties,
			DeadLetterStore failures) {
		this.failures = failures;
		this.visibility = Duration.ofSeconds(properties.visibilitySeconds());
		this.queue = queue;
		this.parser = parser;
		this.intake = intake;
		this.loop = BackgroundLoop.of("sermonflow-intake", this::pollOnce, BACKOFF_WHEN_DOWN, log)
			// pollers receiving and recording at once: bounded concurrency
			.onThreads(properties.pollers());
	}

	/** One receive round. */
	private void pollOnce() {
		List<Message> messages = this.queue.receive(BATCH, WAIT_SECONDS);
		if (messages.isEmpty()) {
			return;
		}
		List<Message> pending = new CopyOnWriteArrayList<>(messages);
		ScheduledFuture<?> keeper = keepInvisible(pending);
		List<Message> done;
		try {
			done = this.loop.isRunning() ? process(messages) : List.of();
			pending.removeAll(done);
		}
		finally {
			keeper.cancel(false);
		}
		// only after their events and runs are committed
		this.queue.delete(done);
		if (!this.loop.isRunning() && !pending.isEmpty()) {
			// stopping: hand back what was not processed at once, not after its
			// visibility timeout
			this.queue.changeVisibility(pending, 0);
		}
	}

	/**
	 * Records the batch's events in one transaction; when that fails, one by one, so one
	 * bad message does not hold back the others. Returns the messages whose events are
	 * durable. A message that is not an event stays, for the dead-letter queue.
	 */
	private List<Message> process(List<Message> messages) {
		List<Message> events = new ArrayList<>();
		List<EventIntake.Incoming> batch = new ArrayList<>();
		for (Message message : messages) {
			try {
				batch.add(new EventIntake.Incoming(this.parser.parse(message.body(), "sqs-" + message.messageId()),
						traceparentOf(message)));
				events.add(message);
			}
			catch (InvalidEventException ex) {
				log.warn("Message {} is not an event (receive {}), left for the dead-letter queue: {}",
						message.messageId(), receiveCount(message), ex.getMessage());
				failed(message, "Not an event: " + ex.getMessage());
			}
		}
		if (batch.isEmpty()) {
			return List.of();
		}
		try {
			this.intake.recordAll(batch);
			return events;
		}
		catch (RuntimeException ex) {
			log.debug("Recording a batch of {} events failed; recording them one by one: {}", batch.size(),
					ex.toString());
		}
		List<Message> done = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			try {
				this.intake.recordAll(List.of(batch.get(i)));
				done.add(events.get(i));
			}
			catch (RuntimeException ex) {
				log.warn("Event {} could not be recorded; it will be received again: {}", batch.get(i).event().id(),
						ex.toString());
				failed(events.get(i), "Could not be recorded: " + ex.getMessage());
			}
		}
		return done;
	}

	private static String traceparentOf(Message message) {
		MessageAttributeValue traceparent = message.messageAttributes().get(Traces.TRACEPARENT);
		return (traceparent != null) ? traceparent.stringValue() : null;
	}

	/**
	 * While a batch is slow (the database stalls), pushes its messages' visibility out
	 * again every half timeout, so another node does not receive them meanwhile.
	 */
	private ScheduledFuture<?> keepInvisible(List<Message> pending) {
		long period = Math.max(500, this.visibility.toMillis() / 2);
		return this.keeper.scheduleAtFixedRate(() -> {
			try {
				this.queue.changeVisibility(List.copyOf(pending), (int) this.visibility.toSeconds());
			}
			catch (RuntimeException ex) {
				log.warn("Could not extend the visibility of {} message(s): {}", pending.size(), ex.toString());
			}
		}, period, period, TimeUnit.MILLISECONDS);
	}

	private void failed(Message message, String reason) {
		try {
			this.failures.failed(message.messageId(), message.body(), reason, receiveCount(message));
		}
		catch (RuntimeException ex) {
			log.warn("Could not keep the reason message {} failed: {}", message.messageId(), ex.toString());
		}
	}

	private static int receiveCount(Message message) {
		String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
		return (count != null) ? Integer.parseInt(count) : 0;
	}

	@Override
	public void start() {
		this.loop.start();
	}

	/** A receive under way ends within its long poll; its messages go back at once. */
	@Override
	public void stop() {
		this.loop.stop(Duration.ofSeconds(WAIT_SECONDS + 5));
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/** Stops polling before the dispatcher stops (a higher phase stops first). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
