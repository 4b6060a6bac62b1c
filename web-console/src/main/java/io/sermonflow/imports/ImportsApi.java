package io.sermonflow.imports;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sermonflow.archive.ArchiveImport;
import io.sermonflow.archive.ArchiveImports;
import io.sermonflow.archive.ImportState;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.web.JsonFields;
import io.sermonflow.web.Times;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import tools.jackson.databind.JsonNode;

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
	@ApiResponse(responseCode = "201", description = "Started",
			content = @Content(schema = @Schema(implementation = ReportView.class)))
	@ApiResponse(responseCode = "200", description = "The plan, with ?dryRun=true; nothing started",
			content = @Content(schema = @Schema(implementation = PlanView.class)))
	ResponseEntity<?> start(@RequestBody JsonNode body, @RequestParam(defaultValue = "false") boolean dryRun,
			Authentication user) {
		ArchiveImports.Request request = request(body);
		if (dryRun) {
			try {
				return ResponseEntity.ok(PlanView.of(this.imports.plan(request)));
			}
			catch (io.sermonflow.error.PermanentException ex) {
				throw new IllegalArgumentException("The feed could not be read: " + ex.getMessage());
			}
		}
		ArchiveImport.Report report = this.imports.start(request, user.getName());
		return ResponseEntity.created(URI.create("/api/imports/" + report.archiveImport().id()))
			.body(ReportView.of(report));
	}

	@GetMapping
	ImportList list(@RequestParam(defaultValue = "50") int limit) {
		return new ImportList(this.imports.list(Math.max(1, Math.min(limit, 200))).stream().map(Summary::of).toList());
	}

	@GetMapping("/{id}")
	ReportView get(@PathVariable String id) {
		return ReportView.of(report(id));
	}

	@PostMapping("/{id}/continue")
	ReportView proceed(@PathVariable String id, Authentication user) {
		report(id);
		return ReportView.of(this.imports.proceed(id, user.getName()));
	}

	@PostMapping("/{id}/pause")
	ReportView pause(@PathVariable String id, Authentication user) {
		report(id);
		return ReportView.of(this.imports.pause(id, user.getName()));
	}

	@PostMapping("/{id}/resume")
	ReportView resume(@PathVariable String id, Authentication user) {
		report(id);
		return ReportView.of(this.imports.resume(id, user.getName()));
	}

	@PostMapping("/{id}/cancel")
	ReportView cancel(@PathVariable String id, Authentication user) {
		report(id);
		return ReportView.of(this.imports.cancel(id, user.getName()));
	}

	@PostMapping("/{id}/items/{n}/retry")
	ReportView retry(@PathVariable String id, @PathVariable int n, Authentication user) {
		return ReportView.of(this.imports.retryItem(id, n, user.getName()));
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

	record ImportList(List<Summary> imports) {
	}

	/** An import without its items. */
	record Summary(String importId, String feedUrl, String feedTitle, String state, String error, int canarySize,
			boolean seriesFromFeed, String createdBy, String createdAt, String continuedBy, String continuedAt) {

		static Summary of(ArchiveImport archive) {
			return new Summary(archive.id(), archive.feedUrl(), archive.feedTitle(), archive.state().name(),
					archive.error(), archive.canarySize(), archive.seriesFromFeed(), archive.createdBy(),
					Times.iso(archive.createdAt()), archive.continuedBy(), Times.iso(archive.continuedAt()));
		}

	}

	/**
	 * An import with its items and progress: {@code counts} by item state (lower case)
	 * with {@code found} and {@code remaining}; the measured pace in audio-hours per hour
	 * and the time left at it (null until known).
	 */
	record ReportView(String importId, String feedUrl, String feedTitle, String state, String error, int canarySize,
			boolean seriesFromFeed, String createdBy, String createdAt, String continuedBy, String continuedAt,
			Map<String, Integer> counts, double audioHoursDone, Double audioHoursPerHour, Long etaSeconds, String eta,
			List<ItemView> items) {

		static ReportView of(ArchiveImport.Report report) {
			ArchiveImport archive = report.archiveImport();
			ArchiveImport.Progress progress = report.progress();
			Map<String, Integer> counts = new LinkedHashMap<>();
			counts.put("found", progress.found());
			for (ImportState.Item state : ImportState.Item.values()) {
				counts.put(state.name().toLowerCase(java.util.Locale.ROOT), progress.count(state));
			}
			counts.put("remaining", progress.remaining());
			return new ReportView(archive.id(), archive.feedUrl(), archive.feedTitle(), archive.state().name(),
					archive.error(), archive.canarySize(), archive.seriesFromFeed(), archive.createdBy(),
					Times.iso(archive.createdAt()), archive.continuedBy(), Times.iso(archive.continuedAt()), counts,
					progress.doneAudioSeconds() / 3600.0, progress.audioHoursPerHour(), progress.etaSeconds(),
					Times.iso(progress.eta()), report.items().stream().map(ItemView::of).toList());
		}

	}

	record ItemView(int n, String guid, String title, String publishedOn, String state, boolean canary, String sermonId,
			String reason, boolean usesGivenTranscript, Double durationSeconds) {

		static ItemView of(ArchiveImport.Item item) {
			return new ItemView(item.n(), item.guid(), item.title(),
					(item.publishedOn() != null) ? item.publishedOn().toString() : null, item.state().name(),
					item.canary(), item.sermonId(), item.reason(), item.usesGivenTranscript(), item.durationSeconds());
		}

	}

	/** What an import would do ({@code ?dryRun=true}); nothing is started. */
	record PlanView(boolean dryRun, String feedTitle, int found, @JsonProperty("new") int newItems, int alreadyImported,
			int unusable, int reuseTranscripts, double knownAudioHours, int unknownDurations, Double audioHoursPerHour,
			Long estimatedSeconds, List<Map<String, Object>> items) {

		static PlanView of(ArchiveImport.Plan plan) {
			return new PlanView(true, plan.feedTitle(), plan.found(), plan.newItems(), plan.alreadyImported(),
					plan.unusable(), plan.reuseTranscripts(), plan.knownAudioHours(), plan.unknownDurations(),
					plan.audioHoursPerHour(), plan.estimatedSeconds(), plan.items());
		}

	}

}
