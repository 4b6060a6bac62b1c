package io.sermonflow.series;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Listed;
import io.sermonflow.catalog.Preacher;
import io.sermonflow.catalog.Series;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.transcript.voice.PreacherVoices;
import io.sermonflow.web.JsonFields;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/series} and {@code /api/preachers}: the entries sermons belong to. A
 * sermon's {@code series} and {@code preacher} names make them; staff rename and describe
 * them, give a series artwork, and put sermons into a series in bulk.
 */
@RestController
class CatalogApi {

	private final Catalog catalog;

	private final PreacherVoices voices;

	CatalogApi(Catalog catalog, PreacherVoices voices) {
		this.catalog = catalog;
		this.voices = voices;
	}

	@GetMapping("/api/series")
	List<SeriesView> series() {
		return this.catalog.series().stream().map((listed) -> SeriesView.of(listed.entry(), listed)).toList();
	}

	@GetMapping("/api/series/{id}")
	SeriesView oneSeries(@PathVariable String id) {
		return SeriesView.of(series(id), null);
	}

	/** {@code {"name", "description"?}}; a name in use is a 400. */
	@PostMapping("/api/series")
	@ResponseStatus(HttpStatus.CREATED)
	SeriesView createSeries(@RequestBody JsonNode body) {
		return SeriesView
			.of(this.catalog.createSeries(JsonFields.text(body, "name"), JsonFields.text(body, "description")), null);
	}

	/** {@code {"name"?, "description"?}}: the slug, and so every link, stays. */
	@PatchMapping("/api/series/{id}")
	SeriesView editSeries(@PathVariable String id, @RequestBody JsonNode body) {
		series(id);
		return SeriesView
			.of(this.catalog.editSeries(id, JsonFields.text(body, "name"), JsonFields.text(body, "description")), null);
	}

	/**
	 * The artwork as the request body ({@code image/png} or {@code image/jpeg}): square,
	 * 1400 to 3000 pixels a side, at most 5 MB.
	 */
	@PutMapping("/api/series/{id}/artwork")
	SeriesView artwork(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = "Content-Length", required = false) Long length) throws IOException {
		series(id);
		if (length != null && length > 5L * 1024 * 1024) {
			throw new IllegalArgumentException("The artwork is larger than 5 MB");
		}
		try (InputStream in = request.getInputStream()) {
			return SeriesView.of(this.catalog.setArtwork(id, in), null);
		}
	}

	/** {@code {"sermonIds":[…]}}: these sermons move into the series. */
	@PostMapping("/api/series/{id}/sermons")
	Assigned assign(@PathVariable String id, @RequestBody JsonNode body) {
		series(id);
		JsonNode ids = body.path("sermonIds");
		if (!ids.isArray() || ids.isEmpty()) {
			throw new IllegalArgumentException("Field \"sermonIds\" must list the sermons to put into the series");
		}
		List<String> sermonIds = new ArrayList<>();
		for (JsonNode sermonId : ids) {
			if (!sermonId.isString()) {
				throw new IllegalArgumentException("Field \"sermonIds\" must list sermon ids (strings)");
			}
			sermonIds.add(sermonId.asString());
		}
		int assigned = this.catalog.assign(id, sermonIds);
		return new Assigned(assigned, sermonIds.size() - assigned);
	}

	@DeleteMapping("/api/series/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteSeries(@PathVariable String id) {
		if (!this.catalog.deleteSeries(id)) {
			throw new NotFoundException("No series " + id);
		}
	}

	@GetMapping("/api/preachers")
	List<PreacherView> preachers() {
		return this.catalog.preachers()
			.stream()
			.map((listed) -> PreacherView.of(listed.entry(), listed, this.voices.adaptedAt(listed.entry().id())))
			.toList();
	}

	/** {@code {"name"?, "description"?}}. */
	@PatchMapping("/api/preachers/{id}")
	PreacherView editPreacher(@PathVariable String id, @RequestBody JsonNode body) {
		this.catalog.preacher(id).orElseThrow(() -> new NotFoundException("No preacher " + id));
		return PreacherView.of(
				this.catalog.editPreacher(id, JsonFields.text(body, "name"), JsonFields.text(body, "description")),
				null, this.voices.adaptedAt(id));
	}

	private Series series(String id) {
		return this.catalog.series(id).orElseThrow(() -> new NotFoundException("No series " + id));
	}

	/**
	 * A series with its public page, feed and artwork; in the list, also how many of its
	 * sermons are published and the latest one's date (null elsewhere).
	 */
	record SeriesView(String id, String slug, String name, String description, String pageUrl, String feedUrl,
			String artworkUrl, Integer publishedSermons, String latestPreachedOn) {

		static SeriesView of(Series series, Listed<?> listed) {
			return new SeriesView(series.id(), series.slug(), series.name(), series.description(),
					"/series/" + series.slug(), "/feeds/series/" + series.slug() + ".xml",
					series.hasArtwork() ? "/feeds/series/" + series.slug() + "/artwork" : null, published(listed),
					latest(listed));
		}

	}

	/**
	 * A preacher with their public page; counts as for a series; when the offline engine
	 * last adapted to their voice from approved transcripts (null: never).
	 */
	record PreacherView(String id, String slug, String name, String description, String pageUrl,
			Integer publishedSermons, String latestPreachedOn, String voiceAdaptedAt) {

		static PreacherView of(Preacher preacher, Listed<?> listed, Optional<Instant> voiceAdaptedAt) {
			return new PreacherView(preacher.id(), preacher.slug(), preacher.name(), preacher.description(),
					"/preachers/" + preacher.slug(), published(listed), latest(listed),
					voiceAdaptedAt.map(Instant::toString).orElse(null));
		}

	}

	/** Sermons moved into the series, and ids that name no sermon. */
	record Assigned(int assigned, int unknown) {
	}

	private static Integer published(Listed<?> listed) {
		return (listed != null) ? listed.published() : null;
	}

	private static String latest(Listed<?> listed) {
		return (listed != null && listed.latest() != null) ? listed.latest().toString() : null;
	}

}
