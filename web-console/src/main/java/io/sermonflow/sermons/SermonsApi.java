package io.sermonflow.sermons;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.listen.SermonFilters;
import io.sermonflow.run.RunStore;
import io.sermonflow.scripture.ScriptureRef;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.SermonRelease;
import io.sermonflow.sermon.SermonScripture;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.sermon.TranscriptEdits;
import io.sermonflow.transcript.Transcript;
import io.sermonflow.web.JsonFields;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/sermons}: upload, follow, edit and remove sermons. */
@RestController
@RequestMapping("/api/sermons")
class SermonsApi {

	/** The DAG a transcript edit starts, which re-derives what depends on the text. */
	private static final String REFRESH_DAG = "sermon-refresh";

	private final Sermons sermons;

	private final JdbcSermonStore store;

	private final RunStore runs;

	private final JsonMapper json;

	private final TranscriptEdits edits;

	private final SermonScripture scripture;

	private final SermonRelease release;

	private final SermonFilters filters;

	SermonsApi(Sermons sermons, JdbcSermonStore store, RunStore runs, JsonMapper json, TranscriptEdits edits,
			SermonScripture scripture, SermonRelease release, SermonFilters filters) {
		this.filters = filters;
		this.release = release;
		this.scripture = scripture;
		this.edits = edits;
		this.sermons = sermons;
		this.store = store;
		this.runs = runs;
		this.json = json;
	}

	/**
	 * Multipart: {@code file} plus the details. The servlet container spools the upload
	 * to disk and stops at {@code SERMONFLOW_MAX_UPLOAD_MB} (413); the file then streams
	 * into the media store.
	 */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Created upload(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String title,
			@RequestParam(required = false) String preacher, @RequestParam(required = false) String preachedOn,
			@RequestParam(required = false) String series, @RequestParam(required = false) String language,
			@RequestParam(required = false) String churchId, @RequestParam(required = false) String publishAt,
			@RequestParam(required = false) String timeZone) throws IOException {
		if (file == null || file.isEmpty()) {
			throw new IllegalArgumentException("Part \"file\" is required: the recording");
		}
		SermonDetails details = new SermonDetails(title, preacher, SermonDetails.date(preachedOn), series, language,
				churchId);
		Instant releaseAt = this.release.parsePublishAt(publishAt, timeZone);
		try (InputStream audio = file.getInputStream()) {
			Sermons.Created created = this.sermons.upload(details, releaseAt, audio, file.getOriginalFilename());
			return new Created(created.sermonId(), created.eventId());
		}
	}

	/**
	 * JSON with a {@code sourceUrl} instead of a file: checked now (not http(s), not
	 * resolving, or resolving to a refused address: 400), fetched by the pipeline.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Created fromUrl(@RequestBody JsonNode body) {
		String sourceUrl = JsonFields.text(body, "sourceUrl");
		if (sourceUrl == null) {
			throw new IllegalArgumentException("Field \"sourceUrl\" is required (or upload the file as multipart)");
		}
		SermonDetails details = new SermonDetails(JsonFields.text(body, "title"), JsonFields.text(body, "preacher"),
				SermonDetails.date(JsonFields.text(body, "preachedOn")), JsonFields.text(body, "series"),
				JsonFields.text(body, "language"), JsonFields.text(body, "churchId"));
		Sermons.Created created = this.sermons.fromUrl(details, sourceUrl,
				this.release.parsePublishAt(JsonFields.text(body, "publishAt"), JsonFields.text(body, "timeZone")));
		return new Created(created.sermonId(), created.eventId());
	}

	/**
	 * Newest first, narrowed by {@code status} (any case), {@code preacher} and
	 * {@code series} (slugs) and {@code from}/{@code to} (dates preached); {@code before}
	 * (a sermon id, from the {@code Link: rel="next"} header) gives the next page.
	 */
	@GetMapping
	ResponseEntity<List<SermonSummary>> list(@RequestParam(required = false) String status,
			@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String preacher,
			@RequestParam(required = false) String series, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String before,
			jakarta.servlet.http.HttpServletRequest request) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("Parameter \"limit\" must be between 1 and 500");
		}
		Sermon.Status wanted = (status != null && !status.isBlank()) ? Sermon.Status.parse(status, "status") : null;
		if (before != null && !before.matches("[A-Za-z0-9-]{1,40}")) {
			throw new IllegalArgumentException("Parameter \"before\" must be a sermon id");
		}
		List<Sermon> page = this.store.list(wanted, this.filters.parse(preacher, series, from, to), before, limit);
		ResponseEntity.BodyBuilder reply = ResponseEntity.ok();
		if (page.size() == limit) {
			// relative, so no Host header a client sent is reflected
			reply.header("Link",
					"<" + org.springframework.web.util.UriComponentsBuilder.fromPath("/api/sermons")
						.query(request.getQueryString())
						.replaceQueryParam("before", page.get(page.size() - 1).id())
						.build()
						.toUriString() + ">; rel=\"next\"");
		}
		return reply.body(page.stream().map((sermon) -> summary(sermon)).toList());
	}

	@GetMapping("/{id}")
	SermonView get(@PathVariable String id) {
		Sermon sermon = find(id);
		return new SermonView(summary(sermon),
				(sermon.renditionsJson() != null) ? this.json.readTree(sermon.renditionsJson()) : null,
				(sermon.metadataJson() != null) ? this.json.readTree(sermon.metadataJson()) : null,
				ScriptureApi.ReferenceView.of(this.scripture.all(id)
					.stream()
					.filter((ref) -> ref.status() != ScriptureRef.Status.REMOVED)
					.toList()),
				this.store.scriptureNote(id).orElse(null),
				this.store.transcript(id)
					.map((t) -> new TranscriptSummary(t.engine(), t.language(), Segment.of(t)))
					.orElse(null));
	}

	@GetMapping("/{id}/transcript")
	TranscriptView transcript(@PathVariable String id) {
		find(id);
		Transcript transcript = this.store.transcript(id)
			.orElseThrow(() -> new NotFoundException("Sermon " + id + " has no transcript yet"));
		return new TranscriptView(transcript.engine(), transcript.language(),
				this.store.transcriptVersion(id).orElse(1), this.store.transcriptApproved(id), Segment.of(transcript));
	}

	@PatchMapping("/{id}")
	SermonView edit(@PathVariable String id, @RequestBody JsonNode body) {
		Sermon sermon = find(id);
		String title = JsonFields.text(body, "title");
		String preacher = JsonFields.text(body, "preacher");
		String series = JsonFields.text(body, "series");
		LocalDate preachedOn = SermonDetails.date(JsonFields.text(body, "preachedOn"));
		// validated as a whole, with the current values for what is not given
		SermonDetails checked = new SermonDetails((title != null) ? title : sermon.title(),
				(preacher != null) ? preacher : sermon.preacher(),
				(preachedOn != null) ? preachedOn : sermon.preachedOn(), series, sermon.language(), sermon.churchId());
		Instant publishAt = body.has("publishAt")
				? this.release.parsePublishAt(JsonFields.text(body, "publishAt"), JsonFields.text(body, "timeZone"))
				: null;
		// stored as checked: stripped, on one line
		this.sermons.edit(id, (title != null) ? checked.title() : null, (preacher != null) ? checked.preacher() : null,
				preachedOn, (series != null) ? checked.series() : null);
		if (body.has("description")) {
			this.sermons.describe(id, SermonDetails.description(JsonFields.text(body, "description")));
		}
		if (body.has("publishAt")) {
			this.release.schedule(id, publishAt);
		}
		return get(id);
	}

	/**
	 * Puts a processed sermon before listeners: now, or at {@code publishAt} (optional
	 * body {@code {"publishAt", "timeZone"}}). A failed sermon is a 409.
	 */
	@PostMapping("/{id}/publish")
	SermonView publish(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
		find(id);
		this.release.publish(id,
				this.release.parsePublishAt(JsonFields.text(body, "publishAt"), JsonFields.text(body, "timeZone")));
		return get(id);
	}

	/**
	 * Takes a published or scheduled sermon down at once, everywhere listeners reach it;
	 * anything else is a 409 naming its status.
	 */
	@PostMapping("/{id}/unpublish")
	SermonView unpublish(@PathVariable String id) {
		find(id);
		this.release.unpublish(id);
		return get(id);
	}

	/**
	 * Corrects segments of the transcript made at {@code version} (the field, or
	 * {@code If-Match}); a stale version is a 409 naming the current one. The change
	 * starts {@code sermon-refresh}, which re-derives what depends on the text.
	 */
	@PatchMapping("/{id}/transcript")
	TranscriptEdited editTranscript(@PathVariable String id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Authentication editor) {
		find(id);
		Integer version = version(body, ifMatch);
		List<TranscriptEdits.SegmentEdit> edits = new ArrayList<>();
		JsonNode segments = body.path("segments");
		if (!segments.isArray()) {
			throw new IllegalArgumentException("Field \"segments\" must be a list of changed segments");
		}
		for (int k = 0; k < segments.size(); k++) {
			JsonNode segment = segments.get(k);
			edits.add(new TranscriptEdits.SegmentEdit(
					segment.path("index").canConvertToInt() ? segment.path("index").asInt() : null,
					segment.path("text").isString() ? segment.path("text").asString() : null,
					number(segment, "start", k), number(segment, "end", k),
					segment.path("speaker").isString() ? segment.path("speaker").asString() : null));
		}
		TranscriptEdits.Edited edited = this.edits.edit(id, version, edits, editor.getName());
		return new TranscriptEdited(edited.version(), edited.segments(), REFRESH_DAG);
	}

	/**
	 * Splits a line in two before its word {@code word} (from 0): {@code {"version",
	 * "index", "word"}}.
	 */
	@PostMapping("/{id}/transcript/split")
	TranscriptEdited splitLine(@PathVariable String id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Authentication editor) {
		find(id);
		TranscriptEdits.Edited edited = this.edits.split(id, version(body, ifMatch), integer(body, "index"),
				integer(body, "word"), editor.getName());
		return new TranscriptEdited(edited.version(), null, REFRESH_DAG);
	}

	/** Merges a line with the next one: {@code {"version", "index"}}. */
	@PostMapping("/{id}/transcript/merge")
	TranscriptEdited mergeLines(@PathVariable String id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Authentication editor) {
		find(id);
		TranscriptEdits.Edited edited = this.edits.merge(id, version(body, ifMatch), integer(body, "index"),
				editor.getName());
		return new TranscriptEdited(edited.version(), null, REFRESH_DAG);
	}

	private static int integer(JsonNode body, String field) {
		JsonNode value = body.path(field);
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be a whole number");
		}
		return value.asInt();
	}

	/**
	 * The review gate: the transcript as it stands becomes public, and a refresh indexes
	 * it for search.
	 */
	@PostMapping("/{id}/transcript/approve")
	Approval approveTranscript(@PathVariable String id, Authentication approver) {
		find(id);
		boolean now = this.edits.approve(id, approver.getName());
		return new Approval(true, !now);
	}

	/** Sermons whose transcript waits for approval, oldest first. */
	@GetMapping("/awaiting-review")
	List<AwaitingReview> awaitingReview() {
		return this.store.awaitingReview(200)
			.stream()
			.map((sermon) -> new AwaitingReview(sermon.id(), sermon.title(), sermon.preacher(), sermon.status().name()))
			.toList();
	}

	/** Who changed the transcript, when, and what, newest first. */
	@GetMapping("/{id}/transcript/edits")
	List<TranscriptEditView> transcriptEdits(@PathVariable String id) {
		find(id);
		return this.store.transcriptEdits(id).stream().map(TranscriptEditView::of).toList();
	}

	private static Integer version(JsonNode body, String ifMatch) {
		if (body.path("version").canConvertToInt()) {
			return body.path("version").asInt();
		}
		if (ifMatch != null && ifMatch.strip().replace("W/", "").replace("\"", "").matches("[0-9]{1,9}")) {
			return Integer.parseInt(ifMatch.strip().replace("W/", "").replace("\"", ""));
		}
		throw new IllegalArgumentException(
				"Field \"version\" (or an If-Match header) must name the transcript version the edit was made on");
	}

	private static Double number(JsonNode segment, String field, int k) {
		JsonNode value = segment.path(field);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new IllegalArgumentException("Field \"segments[" + k + "]." + field + "\" must be seconds");
		}
		return value.asDouble();
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id) {
		if (!this.sermons.delete(id)) {
			throw new NotFoundException("No sermon " + id);
		}
	}

	private Sermon find(String id) {
		return this.store.find(id).orElseThrow(() -> new NotFoundException("No sermon " + id));
	}

	private SermonSummary summary(Sermon sermon) {
		List<String> runIds = (sermon.eventId() != null) ? this.runs.runsOfEvent(sermon.eventId()) : List.of();
		return new SermonSummary(sermon.id(), sermon.title(), sermon.preacher(), sermon.preachedOn().toString(),
				sermon.series(), sermon.description(), sermon.language(), sermon.churchId(), sermon.status().name(),
				sermon.error(), sermon.durationSeconds(),
				(sermon.status() == Sermon.Status.PUBLISHED) ? "/sermons/" + sermon.id() : null,
				runIds.isEmpty() ? null : runIds.get(0), Times.iso(sermon.createdAt()), Times.iso(sermon.publishedAt()),
				Times.iso(sermon.publishAt()), this.release.local(sermon.publishAt()), this.release.zone().getId(),
				sermon.transcriptState().name(), sermon.transcriptError());
	}

	record Created(String sermonId, String eventId) {
	}

	/**
	 * A sermon as lists show it: {@code durationSeconds} is what decodes, not a header's
	 * claim; {@code listenUrl} only once published; {@code publishAt} a scheduled
	 * release; {@code transcriptState} PROCESSING while the transcript is made after the
	 * audio went public, READY, or FAILED with {@code transcriptError} saying why.
	 */
	record SermonSummary(String id, String title, String preacher, String preachedOn, String series, String description,
			String language, String churchId, String status, String error, Double durationSeconds, String listenUrl,
			String runId, String createdAt, String publishedAt, String publishAt, String publishAtLocal,
			String timeZone, String transcriptState, String transcriptError) {
	}

	/**
	 * A sermon with its renditions and probe metadata (as the pipeline stored them), its
	 * scripture references (removed ones left out) and its transcript.
	 */
	record SermonView(@JsonUnwrapped SermonSummary sermon, JsonNode renditions, JsonNode metadata,
			List<ScriptureApi.ReferenceView> scripture, String scriptureNote, TranscriptSummary transcript) {
	}

	record TranscriptSummary(String engine, String language, List<Segment> segments) {
	}

	/** The transcript at {@code version}, which an edit must name. */
	record TranscriptView(String engine, String language, int version, boolean approved, List<Segment> segments) {
	}

	/** A line of the transcript; {@code speaker} only when known. */
	record Segment(double start, double end, String text, @JsonInclude(JsonInclude.Include.NON_NULL) String speaker) {

		static List<Segment> of(Transcript transcript) {
			return transcript.segments()
				.stream()
				.map((s) -> new Segment(s.start(), s.end(), s.text(), s.speaker()))
				.toList();
		}

	}

	/**
	 * The transcript's new version and the DAG that re-derives what depends on it;
	 * {@code segmentsChanged} for a PATCH only.
	 */
	record TranscriptEdited(int version, @JsonInclude(JsonInclude.Include.NON_NULL) Integer segmentsChanged,
			String refreshDag) {
	}

	record Approval(boolean approved, boolean alreadyApproved) {
	}

	record AwaitingReview(String id, String title, String preacher, String status) {
	}

	/** One edit of the transcript: who, when and the changes made. */
	record TranscriptEditView(int version, String editedBy, String editedAt, Object changes) {

		static TranscriptEditView of(Map<String, Object> edit) {
			return new TranscriptEditView((Integer) edit.get("version"), (String) edit.get("editedBy"),
					Times.iso((Instant) edit.get("editedAt")), edit.get("changes"));
		}

	}

}
