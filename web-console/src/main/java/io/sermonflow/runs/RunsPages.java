package io.sermonflow.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.audit.AuditLog;
import io.sermonflow.control.RunActions;
import io.sermonflow.control.RunStateConflictException;
import io.sermonflow.control.UnknownRunException;
import io.sermonflow.control.UnknownTaskException;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStats;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.web.ConsolePage;
import io.sermonflow.web.Durations;
import io.sermonflow.web.Viewer;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Runs: a filtered, paged list with bulk retry; a run's page with its graph, timeline,
 * results, errors and logs, updated live; failures grouped by cause; and the operator
 * actions retry, cancel and clear.
 */
@ConsolePage
class RunsPages {

	static final int PAGE_SIZE = 50;

	private final RunStore runs;

	private final RunStats stats;

	private final RunActions actions;

	private final DagRegistry dags;

	private final RunPageModel views;

	private final LiveRuns live;

	private final AuditLog audit;

	private final Clock clock;

	RunsPages(RunStore runs, RunStats stats, RunActions actions, DagRegistry dags, RunPageModel views, LiveRuns live,
			AuditLog audit, Clock clock) {
		this.runs = runs;
		this.stats = stats;
		this.actions = actions;
		this.dags = dags;
		this.views = views;
		this.live = live;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/console/runs")
	String list(@RequestParam(required = false) String dag, @RequestParam(required = false) String status,
			@RequestParam(required = false) String since, @RequestParam(required = false) String before, Model model) {
		List<String> problems = new ArrayList<>();
		RunStatus wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = RunStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				problems.add("Unknown status \"" + status + "\"; showing every status.");
			}
		}
		Duration window = switch ((since != null) ? since : "") {
			case "1h" -> Duration.ofHours(1);
			case "24h" -> Duration.ofHours(24);
			case "7d" -> Duration.ofDays(7);
			case "30d" -> Duration.ofDays(30);
			default -> null;
		};
		Instant page = null;
		if (before != null && !before.isBlank()) {
			try {
				page = Instant.parse(before);
			}
			catch (DateTimeParseException ex) {
				problems.add("The page marker was not a time; showing the newest runs.");
			}
		}
		if (!problems.isEmpty()) {
			model.addAttribute("problem", String.join(" ", problems));
		}
		String dagId = (dag != null && !dag.isBlank()) ? dag : null;
		List<Run> list = this.runs.list(new RunQuery(dagId, wanted, page, PAGE_SIZE + 1, null,
				(window != null) ? this.clock.instant().minus(window) : null));
		boolean more = list.size() > PAGE_SIZE;
		list = list.subList(0, Math.min(PAGE_SIZE, list.size()));
		Instant now = this.clock.instant();
		model.addAttribute("runs",
				list.stream()
					.map((run) -> new Row(run, Durations.between(run.startedAt(), run.endedAt(), now)))
					.toList());
		model.addAttribute("more", more);
		model.addAttribute("next", more ? list.get(list.size() - 1).createdAt().toString() : null);
		model.addAttribute("dag", dagId);
		model.addAttribute("status", (wanted != null) ? wanted.name() : null);
		model.addAttribute("since", since);
		model.addAttribute("paged", page != null);
		model.addAttribute("dagIds", this.dags.all().stream().map(Dag::id).toList());
		model.addAttribute("statuses", RunStatus.values());
		return "console/runs";
	}

	@GetMapping("/console/runs/{runId}")
	String run(@PathVariable String runId, Model model, Authentication viewer, HttpServletRequest request) {
		Map<String, Object> view = this.views.of(runId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAllAttributes(view);
		model.addAllAttributes(page(viewer, request));
		model.addAttribute("shown", RunPageModel.fingerprint(view));
		return "console/run";
	}

	/** The run's live part, as server-sent events, while the page is open. */
	@GetMapping(path = "/console/runs/{runId}/live", produces = "text/event-stream")
	SseEmitter live(@PathVariable String runId, @RequestParam(required = false) String shown, Authentication viewer,
			HttpServletRequest request) {
		return this.live.watch(runId, page(viewer, request), (shown != null) ? shown : "", viewer.getName(),
				request.getSession());
	}

	/** What the live part needs of the viewer's page: rights and the form token. */
	private static Map<String, Object> page(Authentication viewer, HttpServletRequest request) {
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("canOperate", Viewer.of(viewer).canOperate());
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		page.put("csrfName", (csrf != null) ? csrf.getParameterName() : "_csrf");
		page.put("csrfToken", (csrf != null) ? csrf.getToken() : "");
		return page;
	}

	@PostMapping("/console/runs/{runId}/retry")
	String retry(@PathVariable String runId, RedirectAttributes flash) {
		return act(runId, flash, () -> this.actions.retry(runId),
				"Retry queued: the run restarts from its failed task.");
	}

	@PostMapping("/console/runs/{runId}/cancel")
	String cancel(@PathVariable String runId, RedirectAttributes flash) {
		return act(runId, flash, () -> this.actions.cancel(runId),
				"Cancel requested: the run stops at its next step or chunk boundary.");
	}

	@PostMapping("/console/runs/{runId}/tasks/{taskId}/clear")
	String clear(@PathVariable String runId, @PathVariable String taskId, RedirectAttributes flash) {
		return act(runId, flash, () -> this.actions.clear(runId, taskId),
				"Cleared " + taskId + ": it and everything downstream run again; upstream results are kept.");
	}

	private String act(String runId, RedirectAttributes flash, Runnable action, String done) {
		try {
			action.run();
			flash.addFlashAttribute("notice", done);
		}
		catch (RunStateConflictException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		catch (UnknownRunException | UnknownTaskException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return "redirect:/console/runs/" + runId;
	}

	/** Retries the selected failed runs; those that are no longer FAILED are named. */
	@PostMapping("/console/runs/retry")
	String retrySelected(@RequestParam(name = "runId", required = false) List<String> runIds,
			@RequestParam(required = false) String back, Authentication viewer, HttpServletRequest request,
			RedirectAttributes flash) {
		if (runIds == null || runIds.isEmpty()) {
			flash.addFlashAttribute("problem", "Select the failed runs to retry first.");
		}
		else {
			retryAll(runIds, viewer, request, flash);
		}
		return "redirect:" + ((back != null && back.startsWith("/console/")) ? back : "/console/runs");
	}

	@GetMapping("/console/failures")
	String failures(Model model) {
		model.addAttribute("groups", this.stats.failureGroups(100));
		return "console/failures";
	}

	/** Retries every failed run of one group (up to {@value RunActions#MAX_BULK}). */
	@PostMapping("/console/failures/retry")
	String retryGroup(@RequestParam String dag, @RequestParam String type, Authentication viewer,
			HttpServletRequest request, RedirectAttributes flash) {
		List<String> failed = this.stats.failedRuns(dag, type, RunActions.MAX_BULK);
		if (failed.isEmpty()) {
			flash.addFlashAttribute("problem", "No failed runs of " + dag + " with " + type + " are left.");
		}
		else {
			retryAll(failed, viewer, request, flash);
		}
		return "redirect:/console/failures";
	}

	private void retryAll(List<String> runIds, Authentication viewer, HttpServletRequest request,
			RedirectAttributes flash) {
		RunActions.BulkRetry done = this.actions.retryAll(runIds, false);
		for (String runId : done.runs()) {
			this.audit.record(viewer.getName(), "retry run (bulk)", "runId=" + runId, null);
		}
		AuditLog.recordedBy(request);
		int retried = done.runs().size();
		flash.addFlashAttribute("notice", "Retried " + retried + " run" + ((retried == 1) ? "" : "s") + ".");
		List<String> skipped = done.skipped().stream().map(RunActions.BulkRetry.Skipped::runId).toList();
		if (!skipped.isEmpty()) {
			flash.addFlashAttribute("problem",
					skipped.size() + " were no longer FAILED and were left alone: "
							+ String.join(", ", skipped.subList(0, Math.min(10, skipped.size())))
							+ ((skipped.size() > 10) ? ", …" : ""));
		}
	}

	/** A run as the list shows it. */
	record Row(Run run, String took) {
	}

}
