package io.sermonflow.web;

import tools.jackson.databind.JsonNode;

/**
 * Fields of a JSON request body, with a 400 naming the field when one has a wrong type.
 */
public final class JsonFields {

	private JsonFields() {
	}

	/** A string field; null when absent or null. */
	public static String text(JsonNode body, String field) {
		JsonNode value = (body != null) ? body.get(field) : null;
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be a string");
		}
		return value.asString();
	}

}
