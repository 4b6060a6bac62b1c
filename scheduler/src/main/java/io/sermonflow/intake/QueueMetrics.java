package io.sermonflow.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.event.DeadLetters;
import io.sermonflow.event.QueueDepths;

import org.springframework.stereotype.Component;

/**
 * {@code sermonflow_queue_messages{queue="main"|"dlq"}} and
 * {@code sermonflow_dead_letters} (drained, awaiting an operator). Depths are read at
 * most every few seconds, however often Prometheus scrapes.
 */
@Component
class QueueMetrics implements QueueDepths {

	private static final Duration FRESH = Duration.ofSeconds(5);

	private final EventQueue queue;

	private volatile QueueDepth depth = new QueueDepth(0, 0);

	private volatile Instant readAt = Instant.MIN;

	private final Clock clock;

	QueueMetrics(EventQueue queue, DeadLetters deadLetters, MeterRegistry registry, Clock clock) {
		this.clock = clock;
		this.queue = queue;
		gauge(registry, "main", QueueDepth::main);
		gauge(registry, "dlq", QueueDepth::deadLetters);
		Gauge.builder("sermonflow.dead.letters", deadLetters::count)
			.description("Dead letters kept for an operator to redrive or delete")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, ToLongFunction<QueueDepth> value) {
		Gauge.builder("sermonflow.queue.messages", () -> value.applyAsLong(depth()))
			.tag("queue", name)
			.description("Messages waiting in the SQS queue (approximate)")
			.register(registry);
	}

	@Override
	public QueueDepth depth() {
		if (this.clock.instant().isAfter(this.readAt.plus(FRESH))) {
			try {
				this.depth = this.queue.depth();
			}
			catch (RuntimeException ex) {
				// the health component reports SQS down; the gauge keeps its last value
			}
			this.readAt = this.clock.instant();
		}
		return this.depth;
	}

}
