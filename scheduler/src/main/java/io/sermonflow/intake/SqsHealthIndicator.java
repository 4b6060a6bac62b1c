package io.sermonflow.intake;

import io.sermonflow.event.DeadLetters;
import io.sermonflow.event.QueueDepths;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Health component {@code sqs}: reachable, with both queues' depth. */
@Component("sqsHealthIndicator")
class SqsHealthIndicator extends AbstractHealthIndicator {

	private final EventQueue queue;

	private final DeadLetters deadLetters;

	SqsHealthIndicator(EventQueue queue, DeadLetters deadLetters) {
		super("SQS is unreachable");
		this.queue = queue;
		this.deadLetters = deadLetters;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		QueueDepths.QueueDepth depth = this.queue.depth();
		builder.up()
			.withDetail("queued", depth.main())
			.withDetail("deadLetterQueue", depth.deadLetters())
			.withDetail("deadLetters", storedDeadLetters());
	}

	private Object storedDeadLetters() {
		try {
			return this.deadLetters.count();
		}
		catch (RuntimeException ex) {
			// the db component reports why
			return "unknown";
		}
	}

}
