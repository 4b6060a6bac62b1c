package io.sermonflow.schedules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.sermonflow.schedule.InvalidScheduleException;
import io.sermonflow.schedule.Schedule;
import io.sermonflow.schedule.Schedules;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/schedules}: cron schedules that start DAG runs and one-shot timers that
 * publish events.
 */
@RestController
@RequestMapping("/api/schedules")
class SchedulesApi {

	private static final int MAX_LIMIT = 1000;

	private final Schedules schedules;

	private final JsonMapper json;

	SchedulesApi(Schedules schedules, JsonMapper json) {
		this.schedules = schedules;
		this.json = json;
	}

	/**
	 * In creation order, {@code limit} at a time; pass the last id as {@code after} for
	 * the next page. Fired timers only with {@code fired=true}.
	 */
	@GetMapping
	List<ScheduleView> list(@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String after,
			@RequestParam(defaultValue = "false") boolean fired) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("Parameter \"limit\" must be between 1 and " + MAX_LIMIT);
		}
		return this.schedules.list(limit, after, fired).stream().map(ScheduleView::of).toList();
	}

	@GetMapping("/{id}")
	ScheduleView get(@PathVariable String id) {
		return ScheduleView.of(this.schedules.find(id));
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	ScheduleView create(@RequestBody JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidScheduleException(
					"A schedule is a JSON object with \"cron\" and \"dag\", or \"at\" and \"event\"");
		}
		Schedule.Misfire misfire = Schedule.Misfire.parse(text(body, "misfire"));
		boolean cron = body.hasNonNull("cron");
		boolean at = body.hasNonNull("at");
		if (cron == at) {
			throw new InvalidScheduleException(
					"Give either \"cron\" (with \"dag\") for a recurring run, or \"at\" (with \"event\") for a timer");
		}
		if (cron) {
			return ScheduleView.of(this.schedules.createCron(null, text(body, "cron"), text(body, "timeZone"),
					text(body, "dag"), object(body.get("data"), "data"), misfire, "api"));
		}
		JsonNode event = body.get("event");
		if (event == null || !event.isObject()) {
			throw new InvalidScheduleException("Field \"event\" is required: {\"name\":…, \"id\"?:…, \"data\"?:{…}}");
		}
		return ScheduleView.of(this.schedules.createAt(null, instant(text(body, "at")), text(event, "name"),
				text(event, "id"), object(event.get("data"), "event.data"), misfire, "api"));
	}

	@PostMapping("/{id}/pause")
	ScheduleView pause(@PathVariable String id) {
		return ScheduleView.of(this.schedules.pause(id));
	}

	@PostMapping("/{id}/resume")
	ScheduleView resume(@PathVariable String id) {
		return ScheduleView.of(this.schedules.resume(id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id) {
		this.schedules.delete(id);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidScheduleException("Field \"" + field + "\" must be a string");
		}
		return value.asString();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> object(JsonNode node, String field) {
		if (node == null || node.isNull()) {
			return Map.of();
		}
		if (!node.isObject()) {
			throw new InvalidScheduleException("Field \"" + field + "\" must be a JSON object");
		}
		return this.json.treeToValue(node, Map.class);
	}

	private static Instant instant(String value) {
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			throw new InvalidScheduleException(
					"Field \"at\" (\"" + value + "\") is not a UTC instant such as 2027-11-01T09:00:00Z");
		}
	}

	/**
	 * A cron schedule ({@code kind} "cron": {@code cron}, {@code timeZone}, {@code dag},
	 * {@code data}) or a one-shot timer ("at": {@code at} and the {@code event} it
	 * publishes).
	 */
	record ScheduleView(String id, String kind, String cron, String at, String timeZone, String dag,
			Map<String, Object> data, EventView event, String nextFireAt, boolean paused, String misfire, String source,
			String createdAt, String firedAt, long fireCount) {

		static ScheduleView of(Schedule schedule) {
			boolean cron = schedule.kind() == Schedule.Kind.CRON;
			return new ScheduleView(schedule.id(), schedule.kind().label(), schedule.cron(),
					Times.iso(schedule.fireAt()), schedule.timeZone(), schedule.dagId(), cron ? schedule.data() : null,
					cron ? null : new EventView(schedule.eventName(), schedule.eventId(), schedule.data()),
					Times.iso(schedule.nextFireAt()), schedule.paused(), schedule.misfire().label(), schedule.source(),
					Times.iso(schedule.createdAt()), Times.iso(schedule.firedAt()), schedule.fireCount());
		}

	}

	/** The event a timer publishes when it fires. */
	record EventView(String name, String id, Map<String, Object> data) {
	}

}
