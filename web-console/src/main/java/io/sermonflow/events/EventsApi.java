package io.sermonflow.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.audit.AuditLog;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;
import io.sermonflow.event.EventParser;
import io.sermonflow.event.EventSubmission;
import io.sermonflow.run.RunStore;
import io.sermonflow.trace.Traces;
import io.sermonflow.web.Times;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/events}: events enter here and go through SQS to the intake. Who submitted
 * an event is kept with the event, not in the audit log: events are machine traffic, and
 * a hundred a second would bury the staff actions the audit log is for.
 */
@RestController
@RequestMapping("/api/events")
class EventsApi {

	private final EventParser parser;

	private final EventSubmission submission;

	private final EventLog events;

	private final RunStore runs;

	EventsApi(EventParser parser, EventSubmission submission, EventLog events, RunStore runs) {
		this.parser = parser;
		this.submission = submission;
		this.events = events;
		this.runs = runs;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Accepted post(@RequestBody String body, Authentication user, HttpServletRequest request) {
		Event event = this.parser.parse(body, UUID.randomUUID().toString());
		boolean fresh = this.submission.submit(event, (user != null) ? user.getName() : null);
		AuditLog.recordedBy(request);
		return new Accepted(event.id(), !fresh);
	}

	@GetMapping("/{eventId}")
	EventView get(@PathVariable String eventId) {
		return this.events.find(eventId)
			.map((e) -> new EventView(e.eventId(), e.name(), e.data(), Times.iso(e.acceptedAt()),
					Times.iso(e.recordedAt()), e.submittedBy(), this.runs.runsOfEvent(e.eventId()),
					Traces.traceIdOf(e.traceparent())))
			.orElseThrow(() -> new NotFoundException("No event with id " + eventId));
	}

	record Accepted(String eventId, boolean duplicate) {
	}

	record EventView(String eventId, String name, Map<String, Object> data, String acceptedAt, String recordedAt,
			String submittedBy, List<String> runs, String traceId) {
	}

}
