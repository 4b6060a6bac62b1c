package io.sermonflow.dags;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sermonflow.control.DagPauses;
import io.sermonflow.control.RunActions;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStore;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import io.sermonflow.web.ConsolePage;
import io.sermonflow.web.DagGraph;
import io.sermonflow.web.Durations;
import io.sermonflow.web.FormJson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * DAGs: what exists, their graphs, triggers and schedules; pause, unpause, trigger a run.
 */
@ConsolePage
class DagsPages {

	private final DagRegistry dags;

	private final DagPauses pauses;

	private final RunActions actions;

	private final RunStore runs;

	private final Schedules schedules;

	private final JsonMapper json;

	DagsPages(DagRegistry dags, DagPauses pauses, RunActions actions, RunStore runs, Schedules schedules,
			JsonMapper json) {
		this.dags = dags;
		this.pauses = pauses;
		this.actions = actions;
		this.runs = runs;
		this.schedules = schedules;
		this.json = json;
	}

	@GetMapping("/console/dags")
	String list(Model model) {
		Set<String> paused = this.pauses.paused();
		model.addAttribute("dags",
				this.dags.all()
					.stream()
					.map((dag) -> new Row(dag, paused.contains(dag.id()),
							this.runs.list(new RunQuery(dag.id(), null, null, 1)).stream().findFirst().orElse(null)))
					.toList());
		return "console/dags";
	}

	@GetMapping("/console/dags/{dagId}")
	String dag(@PathVariable String dagId, Model model) {
		Dag dag = find(dagId);
		model.addAttribute("dag", dag);
		model.addAttribute("paused", this.pauses.paused().contains(dagId));
		model.addAttribute("graph", DagGraph.of(dag.tasks(), Map.of()));
		model.addAttribute("timeouts",
				"a run " + ((dag.timeout() != null) ? Durations.of(dag.timeout()) : "none") + "; each task "
						+ ((dag.taskTimeout() != null) ? Durations.of(dag.taskTimeout()) : "none")
						+ " unless it sets its own");
		model.addAttribute("recent", this.runs.list(new RunQuery(dagId, null, null, 10)));
		List<Schedule> crons = this.schedules.list(500, null, false)
			.stream()
			.filter((schedule) -> dagId.equals(schedule.dagId()))
			.toList();
		model.addAttribute("schedules", crons);
		if (!model.containsAttribute("data")) {
			model.addAttribute("data", "{}");
		}
		return "console/dag";
	}

	@PostMapping("/console/dags/{dagId}/pause")
	String pause(@PathVariable String dagId, Authentication viewer, RedirectAttributes flash) {
		find(dagId);
		this.pauses.pause(dagId, viewer.getName());
		flash.addFlashAttribute("notice", dagId + " is paused: queued runs wait, running ones finish.");
		return "redirect:/console/dags/" + dagId;
	}

	@PostMapping("/console/dags/{dagId}/unpause")
	String unpause(@PathVariable String dagId, Authentication viewer, RedirectAttributes flash) {
		find(dagId);
		this.pauses.unpause(dagId, viewer.getName());
		flash.addFlashAttribute("notice", dagId + " runs again.");
		return "redirect:/console/dags/" + dagId;
	}

	/**
	 * Starts a run by hand with the JSON object given; bad JSON goes back with the
	 * reason.
	 */
	@PostMapping("/console/dags/{dagId}/runs")
	String trigger(@PathVariable String dagId, @RequestParam(defaultValue = "{}") String data,
			RedirectAttributes flash) {
		find(dagId);
		Map<String, Object> parsed;
		try {
			parsed = FormJson.object(this.json, data, "run data");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
			flash.addFlashAttribute("data", data);
			return "redirect:/console/dags/" + dagId;
		}
		String runId = this.actions.trigger(dagId, parsed);
		flash.addFlashAttribute("notice", "Run queued.");
		return "redirect:/console/runs/" + runId;
	}

	private Dag find(String dagId) {
		return this.dags.find(dagId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/** A DAG in the list: whether it is paused, and its latest run. */
	record Row(Dag dag, boolean paused, Run latest) {
	}

}
