package io.sermonflow.sermon;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.sermonflow.text.XmlText;

/** What staff give for a sermon; validated where it is built. */
public record SermonDetails(String title, String preacher, LocalDate preachedOn, String series, String language,
		String churchId) {

	/** The longest description a sermon keeps (podcast apps show about this much). */
	public static final int MAX_DESCRIPTION = 4000;

	public SermonDetails {
		title = required(title, "title", 300);
		preacher = required(preacher, "preacher", 200);
		if (preachedOn == null) {
			throw new IllegalArgumentException("Field \"preachedOn\" is required: a date such as 2026-11-22");
		}
		series = optional(series, "series", 200);
		language = (language == null || language.isBlank()) ? "en" : language.strip();
		if (!language.matches("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?")) {
			throw new IllegalArgumentException("Field \"language\" must be a language code such as \"en\"");
		}
		churchId = optional(churchId, "churchId", 100);
	}

	/**
	 * A {@code preachedOn} as given in a form or JSON: null when blank.
	 * @throws IllegalArgumentException naming the field when it is not a date
	 */
	public static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Field \"preachedOn\" must be a date such as 2026-11-22");
		}
	}

	/**
	 * A description as given: null (clear it) when blank; line breaks kept, since it is
	 * prose.
	 * @throws IllegalArgumentException naming the field when too long or holding a
	 * character the feed cannot carry
	 */
	public static String description(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String stripped = value.strip().replace("\r\n", "\n");
		if (stripped.length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException(
					"Field \"description\" is longer than " + MAX_DESCRIPTION + " characters");
		}
		int forbidden = XmlText.firstForbidden(stripped);
		if (forbidden >= 0) {
			throw new IllegalArgumentException(String.format(
					"Field \"description\" holds a control character (U+%04X at position %d) that the podcast feed cannot carry",
					(int) stripped.charAt(forbidden), forbidden + 1));
		}
		return stripped;
	}

	private static String required(String value, String field, int max) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Field \"" + field + "\" is required");
		}
		return optional(value, field, max);
	}

	private static String optional(String value, String field, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.strip().length() > max) {
			throw new IllegalArgumentException("Field \"" + field + "\" is longer than " + max + " characters");
		}
		int forbidden = XmlText.firstForbidden(value);
		if (forbidden >= 0) {
			throw new IllegalArgumentException(String.format(
					"Field \"%s\" holds a control character (U+%04X at position %d) that the podcast feed cannot carry",
					field, (int) value.charAt(forbidden), forbidden + 1));
		}
		// one line each: a pasted line break or tab becomes a space
		return value.strip().replaceAll("[\\t\\r\\n]+", " ");
	}

}
