package io.sermonflow.web;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON objects typed into console forms (run data, event data). */
public final class FormJson {

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private FormJson() {
	}

	/**
	 * The object typed, empty when blank.
	 * @throws IllegalArgumentException saying what is expected when it is not a JSON
	 * object
	 */
	public static Map<String, Object> object(JsonMapper json, String text, String what) {
		if (text == null || text.isBlank()) {
			return Map.of();
		}
		try {
			return json.readValue(text, OBJECT);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The " + what + " must be a JSON object, such as {\"tasks\": 3}.");
		}
	}

}
