package io.sermonflow.runs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.sermonflow.control.RunActions;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStats;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.trace.Traces;
import io.sermonflow.web.JsonFields;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/runs}: runs and their tasks, results, errors and logs. */
@RestController
@RequestMapping("/api/runs")
class RunsApi {

	private static final int MAX_LOG_LINES = 10_000;

	private final RunStore runs;

	private final RunActions actions;

	private final JsonMapper json;

	private final RunStats stats;

	private final PieceStore pieces;

	RunsApi(RunStore runs, RunActions actions, JsonMapper json, RunStats stats, PieceStore pieces) {
		this.pieces = pieces;
		this.stats = stats;
		this.runs = runs;
		this.actions = actions;
		this.json = json;
	}

	/** Answers once the run is durably QUEUED again. */
	@PostMapping("/{runId}/retry")
	RunView retry(@PathVariable String runId) {
		this.actions.retry(runId);
		return get(runId);
	}

	/**
	 * Retries many FAILED runs: {@code {"runIds":[…]}}, or one failure group
	 * {@code {"dag","errorType"}} as the console's failures page shows it. With
	 * {@code ?dryRun=true} nothing changes and the answer says what would.
	 */
	@PostMapping("/retry")
	RunActions.BulkRetry retryAll(@RequestBody JsonNode body, @RequestParam(defaultValue = "false") boolean dryRun) {
		JsonNode ids = (body != null) ? body.get("runIds") : null;
		List<String> runIds;
		if (ids != null && !ids.isNull()) {
			if (!ids.isArray() || ids.isEmpty()) {
				throw new IllegalArgumentException("Field \"runIds\" must be a non-empty array of run ids");
			}
			runIds = new java.util.ArrayList<>();
			for (JsonNode id : ids) {
				if (!id.isString()) {
					throw new IllegalArgumentException("Field \"runIds\" must hold run ids as strings");
				}
				runIds.add(id.asString());
			}
			if (runIds.size() > RunActions.MAX_BULK) {
				throw new IllegalArgumentException("Field \"runIds\" holds " + runIds.size()
						+ " runs; one bulk retry takes at most " + RunActions.MAX_BULK);
			}
		}
		else {
			String dag = JsonFields.text(body, "dag");
			String errorType = JsonFields.text(body, "errorType");
			if (dag == null || errorType == null) {
				throw new IllegalArgumentException(
						"Give either \"runIds\" or a failure group: \"dag\" and \"errorType\" (as GET /api/runs/failures lists them)");
			}
			runIds = this.stats.failedRuns(dag, errorType, RunActions.MAX_BULK);
		}
		return this.actions.retryAll(runIds, dryRun);
	}

	/** Failed runs grouped by DAG and error type, the largest group first. */
	@GetMapping("/failures")
	List<FailureView> failures() {
		return this.stats.failureGroups(100)
			.stream()
			.map((group) -> new FailureView(group.dagId(), group.errorType(), group.runs(), Times.iso(group.latest()),
					group.example()))
			.toList();
	}

	@PostMapping("/{runId}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	RunView cancel(@PathVariable String runId) {
		this.actions.cancel(runId);
		return get(runId);
	}

	/** Answers once the run is QUEUED with the task and its downstream PENDING. */
	@PostMapping("/{runId}/tasks/{taskId}/clear")
	RunView clear(@PathVariable String runId, @PathVariable String taskId) {
		this.actions.clear(runId, taskId);
		return get(runId);
	}

	@GetMapping
	List<RunSummary> list(@RequestParam(required = false) String dag, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String before,
			@RequestParam(required = false) String backfill) {
		RunQuery query = new RunQuery(blankToNull(dag), parseStatus(status), parseInstant(before), limit,
				blankToNull(backfill));
		return this.runs.list(query).stream().map(RunSummary::of).toList();
	}

	@GetMapping("/{runId}")
	RunView get(@PathVariable String runId) {
		return this.runs.find(runId)
			.map(this::view)
			.orElseThrow(() -> new NotFoundException("No run with id " + runId));
	}

	@GetMapping("/{runId}/tasks/{taskId}/logs")
	List<LogLine> logs(@PathVariable String runId, @PathVariable String taskId) {
		Run run = this.runs.find(runId).orElseThrow(() -> new NotFoundException("No run with id " + runId));
		if (run.tasks().stream().noneMatch((task) -> task.taskId().equals(taskId))) {
			throw new NotFoundException("Run " + runId + " has no task " + taskId);
		}
		return this.runs.logs(runId, taskId, MAX_LOG_LINES)
			.stream()
			.map((line) -> new LogLine(Times.iso(line.at()), line.level(), line.message()))
			.toList();
	}

	private RunView view(Run run) {
		Map<String, List<PieceView>> piecesByTask = this.pieces.pieces(run.runId())
			.stream()
			.collect(Collectors.groupingBy(io.sermonflow.mapping.PieceView::taskId,
					Collectors.mapping(PieceView::of, Collectors.toList())));
		List<TaskView> tasks = run.tasks().stream().map((task) -> view(task, piecesByTask.get(task.taskId()))).toList();
		Run.OnFailure handler = run.onFailure();
		// a DAG without a handler has nothing to show but the run/failed it published
		OnFailureView onFailure = (handler != null && handler.hasHandler())
				? new OnFailureView(handler.status(), Times.iso(handler.at()),
						(handler.resultJson() != null) ? this.json.readTree(handler.resultJson()) : null,
						handler.error(), handler.attempts(), Times.iso(handler.dueAt()))
				: null;
		return new RunView(run.runId(), run.dagId(), run.dagVersion(), run.status().name(), run.attempt(),
				run.maxAttempts(), run.generation(), run.eventId(), run.priority(), run.waitingReason(),
				Times.iso(run.eligibleAt()), run.nodeId(), Times.iso(run.createdAt()), Times.iso(run.startedAt()),
				Times.iso(run.endedAt()), Times.iso(run.retryAt()), run.cancelRequested(), run.error(), onFailure,
				run.recoveredFrom(), run.backfillId(), Traces.traceIdOf(run.traceparent()), tasks);
	}

	private TaskView view(TaskRun task, List<PieceView> pieces) {
		JsonNode output = (task.outputJson() != null) ? this.json.readTree(task.outputJson()) : null;
		Progress progress = (task.progressTotal() != null) ? new Progress(task.progressDone(), task.progressTotal())
				: null;
		return new TaskView(task.taskId(), task.status().name(), task.attempts(), Times.iso(task.startedAt()),
				Times.iso(task.endedAt()), task.nodeId(), output, task.error(), progress, pieces);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static RunStatus parseStatus(String status) {
		if (blankToNull(status) == null) {
			return null;
		}
		try {
			return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Parameter \"status\" must be one of " + List.of(RunStatus.values()));
		}
	}

	private static Instant parseInstant(String before) {
		if (blankToNull(before) == null) {
			return null;
		}
		try {
			return Instant.parse(before);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(
					"Parameter \"before\" must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
		}
	}

	/** A failure group: {@code example} is the latest run's error message. */
	record FailureView(String dag, String errorType, long runs, String latest, String example) {
	}

	record RunSummary(String runId, String dag, String status, int attempt, String eventId, String createdAt,
			String startedAt, String endedAt, String error) {

		static RunSummary of(Run run) {
			return new RunSummary(run.runId(), run.dagId(), run.status().name(), run.attempt(), run.eventId(),
					Times.iso(run.createdAt()), Times.iso(run.startedAt()), Times.iso(run.endedAt()), run.error());
		}

	}

	/**
	 * A run: {@code waitingReason} says why a run that has not ended waits and
	 * {@code eligibleAt} until when, where known; {@code dagVersion} is the structural
	 * version of the DAG it started with; {@code node} runs (or last ran) it;
	 * {@code recoveredFrom} names the node it was last taken back from, why and when.
	 */
	record RunView(String runId, String dag, String dagVersion, String status, int attempt, int maxAttempts,
			int generation, String eventId, int priority, String waitingReason, String eligibleAt, String node,
			String createdAt, String startedAt, String endedAt, String retryAt, boolean cancelRequested, String error,
			OnFailureView onFailure, String recoveredFrom, String backfillId, String traceId, List<TaskView> tasks) {
	}

	/**
	 * The DAG's onFailure handler: PENDING (due, or waiting until {@code nextAttemptAt}
	 * after a failure of its own), RUNNING, SUCCEEDED or FAILED (given up), after
	 * {@code attempts} tries.
	 */
	record OnFailureView(String status, String at, JsonNode result, String error, int attempts, String nextAttemptAt) {
	}

	/**
	 * A task; {@code pieces}, for a task mapped over a list, are its pieces in the list's
	 * order (null for other tasks).
	 */
	record TaskView(String id, String status, int attempts, String startedAt, String endedAt, String node,
			JsonNode output, TaskRun.TaskError error, Progress progress, List<PieceView> pieces) {
	}

	/**
	 * One piece of a mapped task: where it stands, which node runs or ran it, how often
	 * it was taken ({@code attempt}) and failed, and why it waits again or stopped.
	 */
	record PieceView(int index, String status, String node, int attempt, int failures, String queuedAt,
			String startedAt, String finishedAt, String error, String note) {

		static PieceView of(io.sermonflow.mapping.PieceView piece) {
			return new PieceView(piece.index(), piece.status().name(), piece.nodeId(), piece.attempt(),
					piece.failures(), Times.iso(piece.queuedAt()), Times.iso(piece.startedAt()),
					Times.iso(piece.finishedAt()), piece.error(), piece.note());
		}

	}

	record Progress(long done, long total) {
	}

	record LogLine(String at, String level, String message) {
	}

}
