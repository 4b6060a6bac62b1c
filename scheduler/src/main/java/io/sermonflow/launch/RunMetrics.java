package io.sermonflow.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;

import org.springframework.stereotype.Component;

/** The engine's metrics, all named {@code sermonflow_…} in Prometheus. */
@Component
class RunMetrics {

	private final MeterRegistry registry;

	RunMetrics(MeterRegistry registry, DagRegistry dags) {
		this.registry = registry;
		// every DAG's series exists from the start, so dashboards and alerts see zeros,
		// not gaps
		for (Dag dag : dags.all()) {
			startLatency(dag.id());
			Counter.builder("sermonflow.runs.started").tag("dag", dag.id()).register(this.registry);
			for (String status : List.of("SUCCEEDED", "FAILED", "CANCELLED")) {
				Counter.builder("sermonflow.runs.finished")
					.tag("dag", dag.id())
					.tag("status", status)
					.register(this.registry);
			}
		}
	}

	/**
	 * A run's attempt starts; its first attempt records how long the run waited since it
	 * was created (its event recorded, or its trigger): the event → first task latency
	 * operators watch.
	 */
	void runStarted(String dag, int attempt, Instant createdAt, Instant now) {
		Counter.builder("sermonflow.runs.started").tag("dag", dag).register(this.registry).increment();
		if (attempt == 1 && createdAt != null) {
			startLatency(dag).record(Duration.between(createdAt, now));
		}
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

	private Timer startLatency(String dag) {
		return Timer.builder("sermonflow.run.start.latency")
			.description("From a run's creation to the start of its first attempt")
			.tag("dag", dag)
			.publishPercentileHistogram()
			.register(this.registry);
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
