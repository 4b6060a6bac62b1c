package io.sermonflow.event;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads the event JSON ({@code name}, optional {@code id}, optional {@code data}) that
 * the API accepts and integrators send straight to the queue. Unknown fields are ignored.
 */
@Component
public class EventParser {

	static final int MAX_NAME_LENGTH = 200;

	private final JsonMapper json;

	EventParser(JsonMapper json) {
		this.json = json;
	}

	/** Parses an event; {@code fallbackId} is used when the JSON carries no id. */
	public Event parse(String body, String fallbackId) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("The body is not valid JSON: " + ex.getOriginalMessage());
		}
		return fromTree(root, fallbackId);
	}

	@SuppressWarnings("unchecked")
	public Event fromTree(JsonNode root, String fallbackId) {
		if (root == null || !root.isObject()) {
			throw new InvalidEventException("An event is a JSON object with a \"name\"");
		}
		JsonNode name = root.get("name");
		if (name == null || !name.isString() || name.asString().isBlank()) {
			throw new InvalidEventException("Field \"name\" is required: a non-empty string such as \"demo/noop\"");
		}
		if (name.asString().length() > MAX_NAME_LENGTH) {
			throw new InvalidEventException("Field \"name\" is longer than " + MAX_NAME_LENGTH + " characters");
		}
		JsonNode id = root.get("id");
		String eventId = fallbackId;
		if (id != null && !id.isNull()) {
			if (!id.isString() || id.asString().isBlank() || id.asString().length() > 200) {
				throw new InvalidEventException("Field \"id\" must be a non-empty string of at most 200 characters");
			}
			eventId = id.asString();
		}
		JsonNode data = root.get("data");
		if (data != null && !data.isNull() && !data.isObject()) {
			throw new InvalidEventException("Field \"data\" must be a JSON object");
		}
		Map<String, Object> values = (data == null || data.isNull()) ? Map.of()
				: this.json.treeToValue(data, Map.class);
		return new Event(name.asString(), eventId, values);
	}

}
