package io.sermonflow.intake;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Health component {@code sqs}: reachable, with both queues' depth. */
@Component("sqsHealthIndicator")
class SqsHealthIndicator extends AbstractHealthIndicator {

	private final EventQueue queue;

	SqsHealthIndicator(EventQueue queue) {
		super("SQS is unreachable");
		this.queue = queue;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EventQueue.QueueDepth depth = this.queue.depth();
		builder.up().withDetail("queued", depth.main()).withDetail("deadLetters", depth.deadLetters());
	}

}
