package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sermonflow.admission.PoolSlots;
import io.sermonflow.config.NodeLease;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** What the task steps of every job share: the stores, JSON, time and metrics. */
@Component
class TaskSteps {

	private final RunStore runs;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final RunMetrics metrics;

	private final DagRegistry dags;

	private final Map<String, Map<String, Object>> dataOfRuns = new ConcurrentHashMap<>();

	private final NodeLease lease;

	private final PoolSlots pools;

	TaskSteps(RunStore runs, Outbox outbox, JsonMapper json, Clock clock, RunMetrics metrics, DagRegistry dags,
			NodeLease lease, PoolSlots pools) {
		this.lease = lease;
		this.pools = pools;
		this.runs = runs;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
		this.metrics = metrics;
		this.dags = dags;
	}

	NodeLease lease() {
		return this.lease;
	}

	PoolSlots pools() {
		return this.pools;
	}

	RunStore runs() {
		return this.runs;
	}

	JsonMapper json() {
		return this.json;
	}

	Clock clock() {
		return this.clock;
	}

	RunMetrics metrics() {
		return this.metrics;
	}

	StoredTaskContext contextFor(String runId, String taskId) {
		Map<String, Object> data = this.dataOfRuns.get(runId);
		if (data == null) {
			data = this.runs.find(runId)
				.orElseThrow(() -> new IllegalStateException("Run " + runId + " vanished"))
				.data();
		}
		return new StoredTaskContext(runId, taskId, data, this.runs, this.outbox, this.json, this.clock);
	}

	/** The DAG's timeout in seconds, 0 for none. */
	long timeoutSecondsOf(String dagId) {
		return this.dags.find(dagId).map(Dag::timeout).map(Duration::toSeconds).orElse(0L);
	}

	/**
	 * Keeps a running run's data at hand for its tasks, so they need not read it per
	 * task.
	 */
	void running(Run run) {
		this.dataOfRuns.put(run.runId(), run.data());
	}

	void ended(String runId) {
		this.dataOfRuns.remove(runId);
	}

}
