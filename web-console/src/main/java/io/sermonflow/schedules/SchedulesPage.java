package io.sermonflow.schedules;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.schedule.InvalidScheduleException;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import io.sermonflow.schedule.UnknownScheduleException;
import io.sermonflow.web.ConsolePage;
import io.sermonflow.web.FormJson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Cron schedules and one-shot timers: next fire times; create, pause, resume, delete. */
@ConsolePage
class SchedulesPage {

	private final Schedules schedules;

	private final DagRegistry dags;

	private final JsonMapper json;

	SchedulesPage(Schedules schedules, DagRegistry dags, JsonMapper json) {
		this.schedules = schedules;
		this.dags = dags;
		this.json = json;
	}

	@GetMapping("/console/schedules")
	String list(@RequestParam(required = false) String after, Model model) {
		var list = this.schedules.list(101, (after != null && !after.isBlank()) ? after : null, false);
		model.addAttribute("schedules", list.subList(0, Math.min(100, list.size())));
		model.addAttribute("next", (list.size() > 100) ? list.get(99).id() : null);
		model.addAttribute("dagIds", this.dags.all().stream().map(Dag::id).toList());
		return "console/schedules";
	}

	@PostMapping("/console/schedules/cron")
	String createCron(@RequestParam String cron, @RequestParam(defaultValue = "UTC") String timeZone,
			@RequestParam String dag, @RequestParam(defaultValue = "{}") String data,
			@RequestParam(defaultValue = "fireOnce") String misfire, RedirectAttributes flash) {
		return create(flash, () -> this.schedules.createCron(null, cron, timeZone, dag,
				FormJson.object(this.json, data, "data"), Schedule.Misfire.parse(misfire), "console"));
	}

	@PostMapping("/console/schedules/timer")
	String createTimer(@RequestParam String at, @RequestParam String event,
			@RequestParam(defaultValue = "{}") String data, RedirectAttributes flash) {
		return create(flash, () -> {
			Instant when;
			try {
				when = Instant.parse(at.strip());
			}
			catch (DateTimeParseException ex) {
				throw new InvalidScheduleException("\"At\" must be a UTC time such as 2027-11-01T09:00:00Z");
			}
			return this.schedules.createAt(null, when, event, null, FormJson.object(this.json, data, "data"),
					Schedule.Misfire.FIRE_ONCE, "console");
		});
	}

	private String create(RedirectAttributes flash, java.util.function.Supplier<Schedule> create) {
		try {
			Schedule schedule = create.get();
			flash.addFlashAttribute("notice", "Created; it next fires at " + schedule.nextFireAt() + " (UTC).");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/schedules";
	}

	@PostMapping("/console/schedules/{id}/pause")
	String pause(@PathVariable String id, RedirectAttributes flash) {
		return act(flash, () -> this.schedules.pause(id), "Paused.");
	}

	@PostMapping("/console/schedules/{id}/resume")
	String resume(@PathVariable String id, RedirectAttributes flash) {
		return act(flash, () -> this.schedules.resume(id), "Resumed.");
	}

	@PostMapping("/console/schedules/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes flash) {
		return act(flash, () -> this.schedules.delete(id), "Deleted.");
	}

	private String act(RedirectAttributes flash, Runnable action, String done) {
		try {
			action.run();
			flash.addFlashAttribute("notice", done);
		}
		catch (UnknownScheduleException ex) {
			flash.addFlashAttribute("problem", "That schedule is gone; someone deleted it or it fired.");
		}
		return "redirect:/console/schedules";
	}

}
