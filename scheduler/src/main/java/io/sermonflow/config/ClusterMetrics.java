package io.sermonflow.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.RunStats;

import org.springframework.stereotype.Component;

/**
 * What the cluster's alerts watch, read from the database every node shares (so any
 * node's scrape tells the same): nodes by state, the age of the oldest run waiting to
 * start, and when each DAG last succeeded. Each reading is kept a few seconds, so
 * frequent scrapes cost the database little.
 */
@Component
class ClusterMetrics {

	private static final Duration FRESH = Duration.ofSeconds(10);

	private final Clock clock;

	ClusterMetrics(MeterRegistry registry, ClusterNodes nodes, RunStats runs, DagRegistry dags, Clock clock) {
		this.clock = clock;
		// one reading of the nodes serves the gauge of every state
		Supplier<Map<ClusterNodes.State, Long>> byState = cached(() -> nodes.all()
			.stream()
			.collect(Collectors.groupingBy(ClusterNodes.Node::state, Collectors.counting())));
		for (ClusterNodes.State state : ClusterNodes.State.values()) {
			Gauge.builder("sermonflow.nodes", () -> byState.get().getOrDefault(state, 0L))
				.description("Nodes sharing the database, by state")
				.tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
				.register(registry);
		}
		Supplier<Number> oldest = cached(() -> {
			Instant queued = runs.oldestQueuedAt();
			return (queued != null) ? Duration.between(queued, clock.instant()).toMillis() / 1000.0 : 0;
		});
		Gauge.builder("sermonflow.runs.queued.oldest.age", oldest)
			.description("How long the oldest run waiting to start has waited (paused DAGs excepted)")
			.baseUnit("seconds")
			.register(registry);
		for (Dag dag : dags.all()) {
			// a DAG that never succeeded counts from the installation, so an alert on
			// its age fires for it too (a missing value never would)
			Supplier<Number> last = cached(() -> {
				Instant at = runs.lastSucceededAt(dag.id());
				return ((at != null) ? at : runs.installedAt()).toEpochMilli() / 1000.0;
			});
			Gauge.builder("sermonflow.dag.last.success", last)
				.description(
						"When the DAG's latest successful run ended, or when the installation was made if none has (Unix time)")
				.baseUnit("seconds")
				.tag("dag", dag.id())
				.register(registry);
		}
	}

	private <T> Supplier<T> cached(Supplier<T> read) {
		return new Supplier<>() {

			private Instant readAt;

			private T value;

			@Override
			public synchronized T get() {
				Instant now = ClusterMetrics.this.clock.instant();
				if (this.readAt == null || Duration.between(this.readAt, now).compareTo(FRESH) >= 0) {
					this.value = read.get();
					this.readAt = now;
				}
				return this.value;
			}

		};
	}

}
