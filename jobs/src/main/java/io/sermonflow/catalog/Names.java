package io.sermonflow.catalog;

import io.sermonflow.text.XmlText;

/** What staff type for a series or preacher, checked as the feed needs it. */
final class Names {

	private Names() {
	}

	static String name(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Field \"" + field + "\" is required");
		}
		return text(value, field, 200).replaceAll("[\\t\\r\\n]+", " ");
	}

	static String description(String value) {
		return value.isBlank() ? null : text(value, "description", 4000);
	}

	private static String text(String value, String field, int max) {
		String stripped = value.strip();
		if (stripped.length() > max) {
			throw new IllegalArgumentException("Field \"" + field + "\" is longer than " + max + " characters");
		}
		int forbidden = XmlText.firstForbidden(stripped);
		if (forbidden >= 0) {
			throw new IllegalArgumentException(String.format(
					"Field \"%s\" holds a control character (U+%04X at position %d) that the podcast feed cannot carry",
					field, (int) stripped.charAt(forbidden), forbidden + 1));
		}
		return stripped;
	}

}
