package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;

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

	TaskSteps(RunStore runs, Outbox outbox, JsonMapper json, Clock clock, RunMetrics metrics, DagRegistry dags) {
		this.runs = runs;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
		this.metrics = metrics;
		this.dags = dags;
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
		return new StoredTaskContext(runId, taskId, this.runs, this.outbox, this.json, this.clock);
	}

	/** The run's DAG's timeout in seconds, 0 for none. */
	long timeoutSecondsOf(Run run) {
		return this.dags.find(run.dagId()).map(Dag::timeout).map(Duration::toSeconds).orElse(0L);
	}

}
