package io.sermonflow.series;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Listed;
import io.sermonflow.catalog.Preacher;
import io.sermonflow.catalog.Series;
import io.sermonflow.error.NotFoundException;
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

	CatalogApi(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/api/series")
	List<Map<String, Object>> series() {
		return this.catalog.series().stream().map((listed) -> view(listed.entry(), listed)).toList();
	}

	@GetMapping("/api/series/{id}")
	Map<String, Object> oneSeries(@PathVariable String id) {
		return view(series(id), null);
	}

	/** {@code {"name", "description"?}}; a name in use is a 400. */
	@PostMapping("/api/series")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createSeries(@RequestBody JsonNode body) {
		return view(this.catalog.createSeries(JsonFields.text(body, "name"), JsonFields.text(body, "description")),
				null);
	}

	/** {@code {"name"?, "description"?}}: the slug, and so every link, stays. */
	@PatchMapping("/api/series/{id}")
	Map<String, Object> editSeries(@PathVariable String id, @RequestBody JsonNode body) {
		series(id);
		return view(this.catalog.editSeries(id, JsonFields.text(body, "name"), JsonFields.text(body, "description")),
				null);
	}

	/**
	 * The artwork as the request body ({@code image/png} or {@code image/jpeg}): square,
	 * 1400 to 3000 pixels a side, at most 5 MB.
	 */
	@PutMapping("/api/series/{id}/artwork")
	Map<String, Object> artwork(@PathVariable String id, HttpServletRequest request,
			@RequestHeader(name = "Content-Length", required = false) Long length) throws IOException {
		series(id);
		if (length != null && length > 5L * 1024 * 1024) {
			throw new IllegalArgumentException("The artwork is larger than 5 MB");
		}
		try (InputStream in = request.getInputStream()) {
			return view(this.catalog.setArtwork(id, in), null);
		}
	}

	/** {@code {"sermonIds":[…]}}: these sermons move into the series. */
	@PostMapping("/api/series/{id}/sermons")
	Map<String, Object> assign(@PathVariable String id, @RequestBody JsonNode body) {
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
		return Map.of("assigned", assigned, "unknown", sermonIds.size() - assigned);
	}

	@DeleteMapping("/api/series/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteSeries(@PathVariable String id) {
		if (!this.catalog.deleteSeries(id)) {
			throw new NotFoundException("No series " + id);
		}
	}

	@GetMapping("/api/preachers")
	List<Map<String, Object>> preachers() {
		return this.catalog.preachers().stream().map((listed) -> view(listed.entry(), listed)).toList();
	}

	/** {@code {"name"?, "description"?}}. */
	@PatchMapping("/api/preachers/{id}")
	Map<String, Object> editPreacher(@PathVariable String id, @RequestBody JsonNode body) {
		this.catalog.preacher(id).orElseThrow(() -> new NotFoundException("No preacher " + id));
		return view(this.catalog.editPreacher(id, JsonFields.text(body, "name"), JsonFields.text(body, "description")),
				null);
	}

	private Series series(String id) {
		return this.catalog.series(id).orElseThrow(() -> new NotFoundException("No series " + id));
	}

	private static Map<String, Object> view(Series series, Listed<?> listed) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", series.id());
		view.put("slug", series.slug());
		view.put("name", series.name());
		view.put("description", series.description());
		view.put("pageUrl", "/series/" + series.slug());
		view.put("feedUrl", "/feeds/series/" + series.slug() + ".xml");
		view.put("artworkUrl", series.hasArtwork() ? "/feeds/series/" + series.slug() + "/artwork" : null);
		counts(view, listed);
		return view;
	}

	private static Map<String, Object> view(Preacher preacher, Listed<?> listed) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", preacher.id());
		view.put("slug", preacher.slug());
		view.put("name", preacher.name());
		view.put("description", preacher.description());
		view.put("pageUrl", "/preachers/" + preacher.slug());
		counts(view, listed);
		return view;
	}

	private static void counts(Map<String, Object> view, Listed<?> listed) {
		if (listed != null) {
			view.put("publishedSermons", listed.published());
			view.put("latestPreachedOn", (listed.latest() != null) ? listed.latest().toString() : null);
		}
	}

}
