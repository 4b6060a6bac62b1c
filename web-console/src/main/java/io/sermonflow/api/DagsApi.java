package io.sermonflow.api;

import java.util.List;
import java.util.Map;

import io.sermonflow.control.RunActions;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.Trigger;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/dags}: the DAGs this deployment runs, and manual runs of them. */
@RestController
@RequestMapping("/api/dags")
class DagsApi {

	private final DagRegistry dags;

	private final RunActions actions;

	DagsApi(DagRegistry dags, RunActions actions) {
		this.dags = dags;
		this.actions = actions;
	}

	@GetMapping
	List<DagView> list() {
		return this.dags.all().stream().map(DagView::of).toList();
	}

	@PostMapping("/{dagId}/runs")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, String> trigger(@PathVariable String dagId, @RequestBody(required = false) Map<String, Object> body) {
		Object data = (body != null) ? body.get("data") : null;
		if (data != null && !(data instanceof Map)) {
			throw new IllegalArgumentException("Field \"data\" must be a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (data != null) ? (Map<String, Object>) data : Map.of();
		return Map.of("runId", this.actions.trigger(dagId, values));
	}

	record DagView(String id, List<String> triggers, List<String> schedules, List<TaskView> tasks, int retries,
			int maxActiveRuns, int priority, Long timeoutSeconds, boolean onFailure, boolean paused) {

		static DagView of(Dag dag) {
			return new DagView(dag.id(), dag.triggers().stream().map(Trigger::eventName).toList(), dag.schedules(),
					dag.tasks()
						.stream()
						.map((task) -> new TaskView(task.id(), task.dependsOn(), task.isChunked()))
						.toList(),
					dag.retryPolicy().retries(), dag.maxActiveRuns(), dag.priority(),
					(dag.timeout() != null) ? dag.timeout().toSeconds() : null, dag.onFailure().isPresent(), false);
		}

	}

	record TaskView(String id, List<String> dependsOn, boolean chunked) {
	}

}
