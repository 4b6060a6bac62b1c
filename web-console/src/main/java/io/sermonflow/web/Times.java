package io.sermonflow.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as the API shows them: UTC ISO-8601 with millisecond precision. */
public final class Times {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	public static String iso(Instant instant) {
		return (instant != null) ? ISO_MILLIS.format(instant) : null;
	}

}
