package io.sermonflow.imports;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.archive.ArchiveImport;
import io.sermonflow.archive.ArchiveImports;
import io.sermonflow.archive.ImportState;
import io.sermonflow.archive.UnknownImportException;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.web.JsonFields;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Archive imports: {@code POST /api/imports} reads a podcast feed and imports its items
 * ({@code ?dryRun=true}: says what it would do); {@code GET /api/imports/{id}} shows
 * progress; continue, pause, resume, cancel, and retry one item.
 */
@RestController
@RequestMapping("/api/imports")
class ImportsApi {

	private final ArchiveImports imports;

	ImportsApi(ArchiveImports imports) {
		this.imports = imports;
	}

	@PostMapping
	ResponseEntity<Map<String, Object>> start(@RequestBody JsonNode body,
			@RequestParam(defaultValue = "false") boolean dryRun, Authentication user) {
		ArchiveImports.Request request = request(body);
		if (dryRun) {
			try {
				return ResponseEntity.ok(plan(this.imports.plan(request)));
			}
			catch (io.sermonflow.error.PermanentException ex) {
				throw new IllegalArgumentException("The feed could not be read: " + ex.getMessage());
			}
		}
		ArchiveImport.Report report = this.imports.start(request, user.getName());
		return ResponseEntity.created(URI.create("/api/imports/" + report.archiveImport().id())).body(view(report));
	}

	@GetMapping
	Map<String, Object> list(@RequestParam(defaultValue = "50") int limit) {
		List<Map<String, Object>> imports = new ArrayList<>();
		for (ArchiveImport archive : this.imports.list(Math.max(1, Math.min(limit, 200)))) {
			imports.add(summary(archive));
		}
		return Map.of("imports", imports);
	}

	@GetMapping("/{id}")
	Map<String, Object> get(@PathVariable String id) {
		return view(report(id));
	}

	@PostMapping("/{id}/continue")
	Map<String, Object> proceed(@PathVariable String id, Authentication user) {
		report(id);
		return view(this.imports.proceed(id, user.getName()));
	}

	@PostMapping("/{id}/pause")
	Map<String, Object> pause(@PathVariable String id, Authentication user) {
		report(id);
		return view(this.imports.pause(id, user.getName()));
	}

	@PostMapping("/{id}/resume")
	Map<String, Object> resume(@PathVariable String id, Authentication user) {
		report(id);
		return view(this.imports.resume(id, user.getName()));
	}

	@PostMapping("/{id}/cancel")
	Map<String, Object> cancel(@PathVariable String id, Authentication user) {
		report(id);
		return view(this.imports.cancel(id, user.getName()));
	}

	@PostMapping("/{id}/items/{n}/retry")
	Map<String, Object> retry(@PathVariable String id, @PathVariable int n, Authentication user) {
		return view(this.imports.retryItem(id, n, user.getName()));
	}

	private ArchiveImport.Report report(String id) {
		return this.imports.report(id).orElseThrow(() -> new NotFoundException("There is no import " + id));
	}

	static ArchiveImports.Request request(JsonNode body) {
		String feedUrl = JsonFields.text(body, "feedUrl");
		Integer limit = wholeNumber(body, "limit");
		Integer canary = wholeNumber(body, "canary");
		String since = JsonFields.text(body, "since");
		java.time.LocalDate sinceDate;
		try {
			sinceDate = SermonDetails.date(since);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Field \"since\" must be a date such as 2020-01-31");
		}
		boolean seriesFromFeed = body.path("seriesFromFeed").asBoolean(false);
		return new ArchiveImports.Request(feedUrl, limit, sinceDate, canary, seriesFromFeed,
				JsonFields.text(body, "churchId"));
	}

	private static Integer wholeNumber(JsonNode body, String field) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.canConvertToInt() || !node.isIntegralNumber()) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be a whole number");
		}
		return node.asInt();
	}

	static Map<String, Object> summary(ArchiveImport archive) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("importId", archive.id());
		view.put("feedUrl", archive.feedUrl());
		view.put("feedTitle", archive.feedTitle());
		view.put("state", archive.state().name());
		view.put("error", archive.error());
		view.put("canarySize", archive.canarySize());
		view.put("seriesFromFeed", archive.seriesFromFeed());
		view.put("createdBy", archive.createdBy());
		view.put("createdAt", Times.iso(archive.createdAt()));
		view.put("continuedBy", archive.continuedBy());
		view.put("continuedAt", Times.iso(archive.continuedAt()));
		return view;
	}

	static Map<String, Object> view(ArchiveImport.Report report) {
		Map<String, Object> view = summary(report.archiveImport());
		ArchiveImport.Progress progress = report.progress();
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("found", progress.found());
		for (ImportState.Item state : ImportState.Item.values()) {
			counts.put(state.name().toLowerCase(java.util.Locale.ROOT), progress.count(state));
		}
		counts.put("remaining", progress.remaining());
		view.put("counts", counts);
		view.put("audioHoursDone", progress.doneAudioSeconds() / 3600.0);
		view.put("audioHoursPerHour", (progress.audioHoursPerHour() != null) ? progress.audioHoursPerHour() : null);
		view.put("etaSeconds", progress.etaSeconds());
		view.put("eta", Times.iso(progress.eta()));
		List<Map<String, Object>> items = new ArrayList<>();
		for (ArchiveImport.Item item : report.items()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("n", item.n());
			row.put("guid", item.guid());
			row.put("title", item.title());
			row.put("publishedOn", (item.publishedOn() != null) ? item.publishedOn().toString() : null);
			row.put("state", item.state().name());
			row.put("canary", item.canary());
			row.put("sermonId", item.sermonId());
			row.put("reason", item.reason());
			row.put("usesGivenTranscript", item.usesGivenTranscript());
			row.put("durationSeconds", item.durationSeconds());
			items.add(row);
		}
		view.put("items", items);
		return view;
	}

	private static Map<String, Object> plan(ArchiveImport.Plan plan) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("dryRun", true);
		view.put("feedTitle", plan.feedTitle());
		view.put("found", plan.found());
		view.put("new", plan.newItems());
		view.put("alreadyImported", plan.alreadyImported());
		view.put("unusable", plan.unusable());
		view.put("reuseTranscripts", plan.reuseTranscripts());
		view.put("knownAudioHours", plan.knownAudioHours());
		view.put("unknownDurations", plan.unknownDurations());
		view.put("audioHoursPerHour", (plan.audioHoursPerHour() != null) ? plan.audioHoursPerHour() : null);
		view.put("estimatedSeconds", plan.estimatedSeconds());
		view.put("items", plan.items());
		return view;
	}

}
