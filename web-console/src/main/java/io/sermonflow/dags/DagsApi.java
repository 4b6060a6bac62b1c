package io.sermonflow.dags;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sermonflow.backfill.Backfill;
import io.sermonflow.backfill.BackfillPlan;
import io.sermonflow.backfill.Backfills;
import io.sermonflow.control.DagPauses;
import io.sermonflow.control.RunActions;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.Trigger;
import io.sermonflow.web.Times;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/dags}: the DAGs this deployment runs, and manual runs of them. */
@RestController
@RequestMapping("/api/dags")
class DagsApi {

	private final DagRegistry dags;

	private final RunActions actions;

	private final DagPauses pauses;

	private final Backfills backfills;

	private final JsonMapper json;

	DagsApi(DagRegistry dags, RunActions actions, DagPauses pauses, Backfills backfills, JsonMapper json) {
		this.backfills = backfills;
		this.json = json;
		this.dags = dags;
		this.actions = actions;
		this.pauses = pauses;
	}

	@GetMapping
	List<DagView> list() {
		Set<String> paused = this.pauses.paused();
		return this.dags.all().stream().map((dag) -> DagView.of(dag, paused.contains(dag.id()))).toList();
	}

	@PostMapping("/{dagId}/pause")
	PauseView pause(@PathVariable String dagId, Authentication caller) {
		this.pauses.pause(dagId, caller.getName());
		return new PauseView(dagId, true);
	}

	@PostMapping("/{dagId}/unpause")
	PauseView unpause(@PathVariable String dagId, Authentication caller) {
		this.pauses.unpause(dagId, caller.getName());
		return new PauseView(dagId, false);
	}

	@PostMapping("/{dagId}/runs")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Triggered trigger(@PathVariable String dagId, @RequestBody(required = false) Map<String, Object> body) {
		Object data = (body != null) ? body.get("data") : null;
		if (data != null && !(data instanceof Map)) {
			throw new IllegalArgumentException("Field \"data\" must be a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (data != null) ? (Map<String, Object>) data : Map.of();
		return new Triggered(this.actions.trigger(dagId, values));
	}

	/**
	 * {@code {"items":[{…data…},…],"ratePerMinute":n}}: a run per item, started at most n
	 * a minute.
	 */
	@PostMapping("/{dagId}/backfill")
	@ApiResponse(responseCode = "202", description = "Started",
			content = @Content(schema = @Schema(implementation = BackfillStarted.class)))
	@ApiResponse(responseCode = "200", description = "The plan, with ?dryRun=true; nothing started",
			content = @Content(schema = @Schema(implementation = BackfillPlanView.class)))
	ResponseEntity<?> backfill(@PathVariable String dagId, @RequestBody JsonNode body,
			@RequestParam(defaultValue = "false") boolean dryRun) {
		JsonNode items = (body != null) ? body.get("items") : null;
		if (items == null || !items.isArray()) {
			throw new IllegalArgumentException("Field \"items\" is required: an array of data objects, one per run");
		}
		JsonNode rate = body.get("ratePerMinute");
		if (rate == null || !rate.isIntegralNumber()) {
			throw new IllegalArgumentException("Field \"ratePerMinute\" is required: a whole number of runs a minute");
		}
		List<Map<String, Object>> data = new java.util.ArrayList<>();
		for (JsonNode item : items) {
			if (!item.isObject()) {
				throw new IllegalArgumentException("Each of \"items\" must be a JSON object (a run's data)");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> values = this.json.treeToValue(item, Map.class);
			data.add(values);
		}
		if (dryRun) {
			BackfillPlan plan = this.backfills.plan(dagId, data, rate.asInt());
			return ResponseEntity.ok(BackfillPlanView.of(plan));
		}
		Backfill backfill = this.backfills.start(dagId, data, rate.asInt());
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new BackfillStarted(backfill.backfillId(), backfill.items()));
	}

	/**
	 * A DAG: {@code version} is its structural version (a hash of its tasks and edges),
	 * which each run records; {@code timeoutSeconds} bounds a whole run,
	 * {@code taskTimeoutSeconds} each task that declares no timeout of its own.
	 */
	record DagView(String id, String version, List<String> triggers, List<String> schedules, List<TaskView> tasks,
			int retries, int maxActiveRuns, String concurrencyKey, int maxRunsPerKey, int priority, Long timeoutSeconds,
			Long taskTimeoutSeconds, boolean onFailure, boolean paused) {

		static DagView of(Dag dag, boolean paused) {
			return new DagView(dag.id(), dag.version(), dag.triggers().stream().map(Trigger::eventName).toList(),
					dag.schedules(),
					dag.tasks()
						.stream()
						.map((task) -> new TaskView(task.id(), task.dependsOn(), task.isChunked()))
						.toList(),
					dag.retryPolicy().retries(), dag.maxActiveRuns(), dag.concurrencyKey(), dag.maxRunsPerKey(),
					dag.priority(), (dag.timeout() != null) ? dag.timeout().toSeconds() : null,
					(dag.taskTimeout() != null) ? dag.taskTimeout().toSeconds() : null, dag.onFailure().isPresent(),
					paused);
		}

	}

	record TaskView(String id, List<String> dependsOn, boolean chunked) {
	}

	record PauseView(String id, boolean paused) {
	}

	record Triggered(String runId) {
	}

	record BackfillStarted(String backfillId, int runs) {
	}

	/** What a backfill would do ({@code ?dryRun=true}); nothing is started. */
	record BackfillPlanView(boolean dryRun, String dag, int runs, int ratePerMinute, String firstStartAt,
			String lastStartAt, Double typicalRunSeconds, String estimatedEndAt) {

		static BackfillPlanView of(BackfillPlan plan) {
			return new BackfillPlanView(true, plan.dagId(), plan.runs(), plan.ratePerMinute(),
					Times.iso(plan.firstStartAt()), Times.iso(plan.lastStartAt()),
					(plan.typicalRun() != null) ? plan.typicalRun().toMillis() / 1000.0 : null,
					Times.iso(plan.estimatedEndAt()));
		}

	}

}
