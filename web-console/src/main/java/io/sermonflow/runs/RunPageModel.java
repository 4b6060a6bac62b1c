package io.sermonflow.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.mapping.PieceView;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStats;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskLogLine;
import io.sermonflow.run.TaskRun;
import io.sermonflow.web.DagGraph;
import io.sermonflow.web.Durations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Everything the run page shows, as model attributes: the run, its graph coloured by task
 * state, its timeline of attempts, and each task's result, error and log lines. The page
 * and its live updates render from the same model.
 */
@Component
class RunPageModel {

	static final int LOG_LINES = 200;

	private final RunStore runs;

	private final RunStats stats;

	private final DagRegistry dags;

	private final JsonMapper json;

	private final JsonMapper pretty;

	private final Clock clock;

	private final PieceStore pieces;

	RunPageModel(RunStore runs, RunStats stats, DagRegistry dags, JsonMapper json, Clock clock, PieceStore pieces) {
		this.pieces = pieces;
		this.runs = runs;
		this.stats = stats;
		this.dags = dags;
		this.json = json;
		this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
		this.clock = clock;
	}

	Optional<Map<String, Object>> of(String runId) {
		return this.runs.find(runId).map(this::model);
	}

	private Map<String, Object> model(Run run) {
		Map<String, Object> model = new HashMap<>();
		model.put("run", run);
		Instant now = this.clock.instant();
		model.put("duration", Durations.between(run.startedAt(), run.endedAt(), now));
		Map<String, String> states = new HashMap<>();
		List<TaskSpec> specs = this.dags.find(run.dagId()).map(Dag::tasks).orElse(List.of());
		Map<String, List<PieceView>> pieces = this.pieces.pieces(run.runId())
			.stream()
			.collect(Collectors.groupingBy(PieceView::taskId, LinkedHashMap::new, Collectors.toList()));
		List<Task> tasks = run.tasks().stream().map((task) -> {
			states.put(task.taskId(), task.status().name());
			List<PieceView> mapped = pieces.getOrDefault(task.taskId(), List.of());
			return new Task(task, Durations.between(task.startedAt(), task.endedAt(), now), pretty(task.outputJson()),
					percent(task), realTime(task.outputJson()), this.runs.logs(run.runId(), task.taskId(), LOG_LINES),
					mapped.stream()
						.map((piece) -> new Piece(piece, Durations.between(piece.startedAt(), piece.finishedAt(), now)))
						.toList(),
					byNode(mapped));
		}).toList();
		model.put("tasks", tasks);
		model.put("piecesShown",
				pieces.values()
					.stream()
					.flatMap(List::stream)
					.map((piece) -> piece.index() + piece.status().name() + piece.nodeId())
					.toList()
					.hashCode());
		model.put("graph", specs.isEmpty() ? null : DagGraph.of(specs, states));
		model.put("dagChanged", run.dagVersion() != null
				&& this.dags.find(run.dagId()).map((dag) -> !dag.version().equals(run.dagVersion())).orElse(false));
		model.put("gantt", Gantt.of(this.stats.attempts(run.runId()), this.clock.instant()));
		model.put("data", pretty(this.json.writeValueAsString(run.data())));
		model.put("ended", run.status().isTerminal());
		model.put("cancellable", !run.status().isTerminal());
		model.put("retryable", run.status() == io.sermonflow.run.RunStatus.FAILED);
		return model;
	}

	private String pretty(String jsonText) {
		if (jsonText == null) {
			return null;
		}
		JsonNode node = this.json.readTree(jsonText);
		return this.pretty.writeValueAsString(node);
	}

	/**
	 * A media task's speed as its result states it ({@code realTimeFactor}: wall time
	 * over the recording's length), in words; null for any other task.
	 */
	private String realTime(String outputJson) {
		if (outputJson == null) {
			return null;
		}
		JsonNode factor = this.json.readTree(outputJson).path("realTimeFactor");
		return factor.isNumber() ? String.format(java.util.Locale.ROOT, "%.2f× real time", factor.asDouble()) : null;
	}

	/** Pieces by the node that runs or ran them, in node order. */
	private static Map<String, Long> byNode(List<PieceView> pieces) {
		return pieces.stream()
			.filter((piece) -> piece.nodeId() != null)
			.collect(Collectors.groupingBy(PieceView::nodeId, java.util.TreeMap::new, Collectors.counting()));
	}

	private static Integer percent(TaskRun task) {
		if (task.progressTotal() == null || task.progressTotal() <= 0) {
			return null;
		}
		return (int) Math.min(100, 100 * task.progressDone() / task.progressTotal());
	}

	/** A fingerprint of what the live part shows, to send only changes. */
	static String fingerprint(Map<String, Object> model) {
		Run run = (Run) model.get("run");
		Map<String, Object> parts = new LinkedHashMap<>();
		parts.put("status", run.status());
		parts.put("reason", run.waitingReason());
		parts.put("onFailure", (run.onFailure() != null) ? run.onFailure().status() + run.onFailure().attempts() : "");
		parts.put("attempt", run.attempt());
		parts.put("cancel", run.cancelRequested());
		parts.put("pieces", model.get("piecesShown"));
		for (TaskRun task : run.tasks()) {
			parts.put(task.taskId(), task.status() + "/" + task.attempts() + "/" + task.progressDone());
		}
		return Integer.toHexString(parts.toString().hashCode());
	}

	/**
	 * One task as the page shows it; a mapped task with its pieces, and how many of them
	 * each node took.
	 */
	record Task(TaskRun task, String duration, String output, Integer percent, String realTime, List<TaskLogLine> logs,
			List<Piece> pieces, Map<String, Long> piecesByNode) {
	}

	/** One piece of a mapped task, with how long it ran (or runs). */
	record Piece(PieceView piece, String duration) {
	}

}
