package io.sermonflow.trace;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * W3C trace context across the hops Sermonflow makes: an HTTP request or a schedule
 * publishes an event to SQS with a {@code traceparent} message attribute, the intake
 * continues that trace, stores it on the runs it creates, and a run's execution continues
 * it again on whichever node runs it. Traces are exported only when configured
 * ({@code SERMONFLOW_TRACING_EXPORT}).
 */
@Component
public class Traces {

	public static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	Traces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
	}

	/** The traceparent of the current span; null outside any. */
	public String current() {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * Starts a span continuing {@code traceparent} (a new trace when it is null) and
	 * makes it current until the returned scope closes.
	 */
	public Scope continueTrace(String name, String traceparent) {
		Span span = childOf(traceparent).name(name).start();
		Tracer.SpanInScope inScope = this.tracer.withSpan(span);
		return () -> {
			inScope.close();
			span.end();
		};
	}

	/**
	 * Starts a span of a new trace, linked to the span {@code linked} names (a schedule's
	 * firing to the request that created it, perhaps months before), current until the
	 * returned scope closes.
	 */
	public Scope startLinked(String name, String linked) {
		Span.Builder builder = this.tracer.spanBuilder().setNoParent().name(name);
		String[] parts = (linked != null) ? linked.split("-") : new String[0];
		if (parts.length == 4) {
			builder.addLink(new Link(this.tracer.traceContextBuilder()
				.traceId(parts[1])
				.spanId(parts[2])
				.sampled("01".equals(parts[3]))
				.build()));
		}
		Span span = builder.start();
		Tracer.SpanInScope inScope = this.tracer.withSpan(span);
		return () -> {
			inScope.close();
			span.end();
		};
	}

	/**
	 * Starts a span as a child of {@code parent} (a new trace when it is null) with
	 * {@code tags}, current on this thread until it ends; its trace id goes into the log
	 * context ({@code traceId}, {@code spanId}) for every line written meanwhile.
	 */
	public Handle startSpan(String name, String parent, Map<String, String> tags) {
		Span.Builder builder = childOf(parent).name(name);
		tags.forEach(builder::tag);
		Span span = builder.start();
		Tracer.SpanInScope inScope = this.tracer.withSpan(span);
		Runnable restoreTraceId = putLogContext("traceId", span.context().traceId());
		Runnable restoreSpanId = putLogContext("spanId", span.context().spanId());
		return new Handle() {

			@Override
			public void tag(String key, String value) {
				span.tag(key, value);
			}

			@Override
			public void close() {
				restoreSpanId.run();
				restoreTraceId.run();
				inScope.close();
				span.end();
			}

		};
	}

	/**
	 * A span builder continuing {@code traceparent}, or starting a trace when it is null.
	 */
	private Span.Builder childOf(String traceparent) {
		return (traceparent != null)
				? this.propagator.extract(Map.of(TRACEPARENT, traceparent), (carrier, key) -> carrier.get(key))
				: this.tracer.spanBuilder();
	}

	/** Puts a log context value, returning what restores the one it replaced. */
	private static Runnable putLogContext(String key, String value) {
		String previous = MDC.get(key);
		MDC.put(key, value);
		return () -> {
			if (previous != null) {
				MDC.put(key, previous);
			}
			else {
				MDC.remove(key);
			}
		};
	}

	/** The trace id inside a traceparent ({@code 00-<trace id>-<span id>-<flags>}). */
	public static String traceIdOf(String traceparent) {
		if (traceparent == null) {
			return null;
		}
		String[] parts = traceparent.split("-");
		return (parts.length == 4) ? parts[1] : null;
	}

	/** A span made current that can still be tagged; closing it ends the span. */
	public interface Handle extends Scope {

		void tag(String key, String value);

	}

	/** A span made current; closing it ends the span. */
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
