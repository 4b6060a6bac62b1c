package io.sermonflow.launch;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** The engine's metrics, all named {@code sermonflow_…} in Prometheus. */
@Component
class RunMetrics {

	private final MeterRegistry registry;

	RunMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void runStarted(String dag, int attempt) {
		Counter.builder("sermonflow.runs.started").tag("dag", dag).register(this.registry).increment();
		if (attempt > 1) {
			Counter.builder("sermonflow.runs.retries").tag("dag", dag).register(this.registry).increment();
		}
	}

	void runFinished(String dag, String status) {
		Counter.builder("sermonflow.runs.finished")
			.tag("dag", dag)
			.tag("status", status)
			.register(this.registry)
			.increment();
	}

	void onFailureInvoked(String dag, boolean succeeded) {
		Counter.builder("sermonflow.onfailure.invocations")
			.tag("dag", dag)
			.tag("outcome", succeeded ? "succeeded" : "failed")
			.register(this.registry)
			.increment();
	}

	void taskFinished(String dag, String task, Duration duration) {
		Timer.builder("sermonflow.task.duration")
			.tag("dag", dag)
			.tag("task", task)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

}
