package io.sermonflow.trace;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Spans as an OpenTelemetry SDK records them, through our small tracing face. */
class TracesTest {

	private static final String CREATOR = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final List<SpanData> exported = new CopyOnWriteArrayList<>();

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
			@Override
			public CompletableResultCode export(java.util.Collection<SpanData> spans) {
				TracesTest.this.exported.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		}))
		.build();

	private final Traces traces = traces();

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void a_schedules_firing_starts_a_new_trace_linked_to_the_span_that_created_it() {
		try (Traces.Scope firing = this.traces.startLinked("sermonflow.timer t-1", CREATOR)) {
			assertThat(this.traces.current()).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
		}
		SpanData span = single("sermonflow.timer t-1");
		assertThat(span.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(span.getParentSpanContext().isValid()).isFalse();
		assertThat(span.getLinks()).singleElement().satisfies((link) -> {
			assertThat(link.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(link.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
		});
	}

	@Test
	void a_schedule_created_outside_any_trace_fires_in_a_trace_of_its_own() {
		try (Traces.Scope firing = this.traces.startLinked("sermonflow.schedule s-1", null)) {
			assertThat(this.traces.current()).isNotNull();
		}
		assertThat(single("sermonflow.schedule s-1").getLinks()).isEmpty();
	}

	@Test
	void a_task_span_is_a_tagged_child_whose_ids_are_in_the_log_context_while_it_runs() {
		MDC.put("traceId", "outer");
		try (Traces.Handle task = this.traces.startSpan("sermonflow.task t1", CREATOR,
				Map.of("sermonflow.task.id", "t1"))) {
			assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
			assertThat(MDC.get("spanId")).hasSize(16);
			task.tag("sermonflow.task.outcome", "succeeded");
		}
		assertThat(MDC.get("traceId")).isEqualTo("outer");
		assertThat(MDC.get("spanId")).isNull();
		MDC.clear();
		SpanData span = single("sermonflow.task t1");
		assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(span.getAttributes().asMap()).hasSize(2).containsValue("t1").containsValue("succeeded");
	}

	private SpanData single(String name) {
		assertThat(this.exported).extracting(SpanData::getName).containsExactly(name);
		return this.exported.get(0);
	}

	private Traces traces() {
		io.opentelemetry.api.trace.Tracer otel = this.provider.get("test");
		OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
		});
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				Map.of("tracer", tracer, "propagator", propagator));
		return new Traces(beans.getBeanProvider(Tracer.class), beans.getBeanProvider(Propagator.class));
	}

}
