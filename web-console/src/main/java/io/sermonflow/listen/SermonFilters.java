package io.sermonflow.listen;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Preacher;
import io.sermonflow.catalog.Series;
import io.sermonflow.sermon.SermonFilter;

import org.springframework.stereotype.Component;

/**
 * Filters as listeners and integrators write them ({@code preacher} and {@code series}
 * slugs, {@code from} and {@code to} dates) made into a {@link SermonFilter}; anything
 * unknown or malformed is an {@link IllegalArgumentException} naming the parameter.
 */
@Component
public class SermonFilters {

	private final Catalog catalog;

	SermonFilters(Catalog catalog) {
		this.catalog = catalog;
	}

	public SermonFilter parse(String preacher, String series, String from, String to) {
		String preacherId = null;
		if (present(preacher)) {
			preacherId = slug(preacher).flatMap(this.catalog::preacherBySlug)
				.map(Preacher::id)
				.orElseThrow(() -> unknown("preacher", preacher));
		}
		String seriesId = null;
		if (present(series)) {
			seriesId = slug(series).flatMap(this.catalog::seriesBySlug)
				.map(Series::id)
				.orElseThrow(() -> unknown("series", series));
		}
		return new SermonFilter(preacherId, seriesId, date(from, "from"), date(to, "to"));
	}

	private static java.util.Optional<String> slug(String value) {
		String slug = value.strip();
		return slug.matches("[a-z0-9-]{1,90}") ? java.util.Optional.of(slug) : java.util.Optional.empty();
	}

	private static IllegalArgumentException unknown(String parameter, String value) {
		String shown = (value.length() > 60) ? value.substring(0, 60) + "…" : value;
		return new IllegalArgumentException(
				"Parameter \"" + parameter + "\" names no " + parameter + ": \"" + shown + "\" (give its slug)");
	}

	private static LocalDate date(String value, String parameter) {
		if (!present(value)) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Parameter \"" + parameter + "\" must be a date such as 2026-11-22");
		}
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

}
