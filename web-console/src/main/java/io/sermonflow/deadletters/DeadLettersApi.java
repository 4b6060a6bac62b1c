package io.sermonflow.deadletters;

import java.util.List;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.event.DeadLetter;
import io.sermonflow.event.DeadLetters;
import io.sermonflow.security.Role;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
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
 * {@code /api/dlq}: messages the intake could not process, with the reason; redrive or
 * delete.
 */
@RestController
@RequestMapping("/api/dlq")
class DeadLettersApi {

	private static final int MAX_LIMIT = 1000;

	private final DeadLetters deadLetters;

	private final JsonMapper json;

	DeadLettersApi(DeadLetters deadLetters, JsonMapper json) {
		this.deadLetters = deadLetters;
		this.json = json;
	}

	@GetMapping
	List<DeadLetterView> list(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("Parameter \"limit\" must be between 1 and " + MAX_LIMIT);
		}
		return this.deadLetters.list(limit).stream().map(DeadLetterView::of).toList();
	}

	/** {@code {"messageIds":[…]}}; none (or no body) moves every dead letter back. */
	@PostMapping("/redrive")
	Redriven redrive(@RequestBody(required = false) JsonNode body) {
		List<String> ids = List.of();
		JsonNode messageIds = (body != null) ? body.get("messageIds") : null;
		if (messageIds != null && !messageIds.isNull()) {
			if (!messageIds.isArray()) {
				throw new IllegalArgumentException("Field \"messageIds\" must be an array of message ids");
			}
			ids = messageIds.valueStream().map((id) -> {
				if (!id.isString()) {
					throw new IllegalArgumentException("Field \"messageIds\" must hold strings");
				}
				return id.asString();
			}).toList();
		}
		List<String> moved = this.deadLetters.redrive(ids);
		List<String> notFound = ids.stream().filter((id) -> !moved.contains(id)).toList();
		return new Redriven(moved, notFound);
	}

	/**
	 * Moves one dead letter back with a corrected body:
	 * {@code {"body":{"name":…,"data":…}}} (ADMIN: the original is discarded, as by a
	 * delete); without a body it goes back as it is (OPERATOR).
	 */
	@PostMapping("/{messageId}/redrive")
	Redriven redriveOne(@PathVariable String messageId, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		JsonNode corrected = (body != null) ? body.get("body") : null;
		boolean moved;
		if (corrected == null || corrected.isNull()) {
			moved = !this.deadLetters.redrive(List.of(messageId)).isEmpty();
		}
		else {
			if (!Role.ADMIN.heldBy(caller)) {
				throw new AccessDeniedException("Redriving a dead letter with a corrected body discards the original, "
						+ "as a delete does: it needs the ADMIN role. Redrive it as it is, or ask an admin.");
			}
			String text = corrected.isString() ? corrected.asString() : this.json.writeValueAsString(corrected);
			moved = this.deadLetters.redriveCorrected(messageId, text);
		}
		if (!moved) {
			throw new NotFoundException("No dead letter " + messageId);
		}
		return new Redriven(List.of(messageId), List.of());
	}

	@DeleteMapping("/{messageId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String messageId) {
		if (!this.deadLetters.delete(messageId)) {
			throw new NotFoundException("No dead letter " + messageId);
		}
	}

	record DeadLetterView(String messageId, String body, int receiveCount, String sentAt, String deadAt, String error) {

		static DeadLetterView of(DeadLetter letter) {
			return new DeadLetterView(letter.messageId(), letter.body(), letter.receiveCount(),
					Times.iso(letter.sentAt()), Times.iso(letter.deadAt()), letter.error());
		}

	}

	/**
	 * The dead letters moved back to the main queue, and the ids asked for that were not
	 * found.
	 */
	record Redriven(List<String> redriven, List<String> notFound) {
	}

}
