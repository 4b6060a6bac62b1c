package io.sermonflow.sermons;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.chapter.JdbcChapterStore;
import io.sermonflow.listen.ListenerLinks;
import io.sermonflow.media.MediaProperties;
import io.sermonflow.media.MediaTooLargeException;
import io.sermonflow.run.RunStore;
import io.sermonflow.scripture.ScriptureRef;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonChapters;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.SermonRelease;
import io.sermonflow.sermon.SermonScripture;
import io.sermonflow.sermon.SermonStateException;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.sermon.StaleTranscriptException;
import io.sermonflow.sermon.TranscriptEdits;
import io.sermonflow.soundbite.Soundbite;
import io.sermonflow.soundbite.Soundbites;
import io.sermonflow.transcript.Transcript;
import io.sermonflow.web.ConsolePage;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sermons for staff: every sermon with its pipeline status, an upload with a progress bar
 * (the page's script posts it and follows to the sermon), and a sermon's page with its
 * run, player and transcript.
 */
@ConsolePage
class SermonsPages {

	private final JdbcSermonStore store;

	private final Sermons sermons;

	private final RunStore runs;

	private final ListenerLinks links;

	private final MediaProperties media;

	private final TranscriptEdits edits;

	private final SermonChapters chapters;

	private final Soundbites soundbites;

	private final SermonScripture scripture;

	private final SermonRelease release;

	private final Catalog catalog;

	SermonsPages(JdbcSermonStore store, Sermons sermons, RunStore runs, ListenerLinks links, MediaProperties media,
			TranscriptEdits edits, SermonChapters chapters, Soundbites soundbites, SermonScripture scripture,
			SermonRelease release, Catalog catalog) {
		this.catalog = catalog;
		this.release = release;
		this.scripture = scripture;
		this.chapters = chapters;
		this.soundbites = soundbites;
		this.edits = edits;
		this.store = store;
		this.sermons = sermons;
		this.runs = runs;
		this.links = links;
		this.media = media;
	}

	@GetMapping("/console/sermons")
	String list(@RequestParam(required = false) String status, Model model) {
		Sermon.Status wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = Sermon.Status.parse(status, "status");
			}
			catch (IllegalArgumentException ex) {
				model.addAttribute("problem", "Unknown status \"" + status + "\"; showing every sermon.");
			}
		}
		model.addAttribute("sermons", this.store.list(wanted, 200));
		model.addAttribute("awaitingReview", this.store.awaitingReview(50));
		model.addAttribute("status", (wanted != null) ? wanted.name() : null);
		model.addAttribute("maxBytes", this.media.maxUploadBytes());
		model.addAttribute("timeZone", this.release.zone().getId());
		model.addAttribute("series", this.catalog.series());
		return "console/sermons";
	}

	@GetMapping("/console/sermons/{id}")
	String sermon(@PathVariable String id, Model model) {
		Sermon sermon = this.store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("sermon", sermon);
		model.addAttribute("run", (sermon.eventId() != null)
				? this.runs.runsOfEvent(sermon.eventId()).stream().findFirst().flatMap(this.runs::find).orElse(null)
				: null);
		model.addAttribute("audioUrl",
				(sermon.status() == Sermon.Status.PUBLISHED) ? this.links.audio(sermon.id()) : null);
		java.util.List<Transcript.Segment> segments = this.store.transcript(id)
			.map(Transcript::segments)
			.orElse(java.util.List.of());
		model.addAttribute("segments",
				java.util.stream.IntStream.range(0, segments.size())
					.mapToObj((i) -> new Line(i, segments.get(i), ChapterText.clock(segments.get(i).start()),
							i == segments.size() - 1))
					.toList());
		java.util.Optional<JdbcChapterStore.Chapters> chapters = this.chapters.chapters(id);
		model.addAttribute("chaptersText", chapters.map((list) -> ChapterText.format(list.chapters())).orElse(""));
		model.addAttribute("chaptersSource", chapters.map((list) -> (list.source() == JdbcChapterStore.Source.EDITED)
				? "written by " + list.updatedBy() : "found from the transcript")
			.orElse(null));
		model.addAttribute("scripture",
				this.scripture.all(id)
					.stream()
					.filter((ref) -> ref.status() != ScriptureRef.Status.REMOVED)
					.map((ref) -> new Reference(ref, ChapterText.clock(ref.at())))
					.toList());
		model.addAttribute("scriptureNote", this.store.scriptureNote(id).orElse(null));
		model.addAttribute("soundbites",
				this.soundbites.of(id)
					.stream()
					.map((bite) -> new Clip(bite, ChapterText.clock(bite.start()),
							this.links.clip(id, bite.start(), bite.end())))
					.toList());
		model.addAttribute("transcriptVersion", this.store.transcriptVersion(id).orElse(0));
		model.addAttribute("transcriptApproved", this.store.transcriptApproved(id));
		model.addAttribute("timeZone", this.release.zone().getId());
		model.addAttribute("publishAtLocal", this.release.local(sermon.publishAt()));
		model.addAttribute("publishedAtLocal", this.release.local(sermon.publishedAt()));
		model.addAttribute("publishAtInput",
				(sermon.publishAt() != null) ? sermon.publishAt()
					.atZone(this.release.zone())
					.toLocalDateTime()
					.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
					.toString() : "");
		return "console/sermon";
	}

	/**
	 * Publishes now (an empty time), or at a time in the church's time zone; for a sermon
	 * still processing, sets when it goes public.
	 */
	@PostMapping("/console/sermons/{id}/publish")
	String publish(@PathVariable String id, @RequestParam(required = false) String publishAt,
			RedirectAttributes flash) {
		this.store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try {
			Sermon sermon = this.release.publish(id, this.release.parsePublishAt(publishAt, null));
			flash.addFlashAttribute("notice", switch (sermon.status()) {
				case PUBLISHED -> "Published: listeners can reach it now.";
				case SCHEDULED -> "Scheduled: public at " + this.release.local(sermon.publishAt()) + ".";
				default -> "Release time set: " + ((sermon.publishAt() != null) ? this.release.local(sermon.publishAt())
						: "as soon as it is processed") + ".";
			});
		}
		catch (IllegalArgumentException | SermonStateException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id;
	}

	/** Takes the sermon down at once, everywhere listeners reach it. */
	@PostMapping("/console/sermons/{id}/unpublish")
	String unpublish(@PathVariable String id, RedirectAttributes flash) {
		this.store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try {
			this.release.unpublish(id);
			flash.addFlashAttribute("notice", "Unpublished: its page, feed item, search results and listen links"
					+ " answer 404 until it is published again.");
		}
		catch (SermonStateException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id;
	}

	/**
	 * One corrected line of the transcript (its text, and its speaker when given); search
	 * and captions follow after a refresh.
	 */
	@PostMapping("/console/sermons/{id}/transcript/segments/{index}")
	String editSegment(@PathVariable String id, @PathVariable int index, @RequestParam String text,
			@RequestParam(required = false) String speaker, @RequestParam int version, Authentication editor,
			RedirectAttributes flash) {
		return transcriptAction(id, index, flash, () -> {
			TranscriptEdits.Edited edited = this.edits.edit(id, version,
					java.util.List.of(new TranscriptEdits.SegmentEdit(index, text, null, null, speaker)),
					editor.getName());
			return "Line " + (index + 1) + " saved as version " + edited.version()
					+ "; search and captions follow within seconds.";
		});
	}

	/** Splits a line before word {@code word} (counted from 1 on the page). */
	@PostMapping("/console/sermons/{id}/transcript/segments/{index}/split")
	String splitSegment(@PathVariable String id, @PathVariable int index, @RequestParam int word,
			@RequestParam int version, Authentication editor, RedirectAttributes flash) {
		return transcriptAction(id, index, flash, () -> "Line " + (index + 1) + " split; version "
				+ this.edits.split(id, version, index, word - 1, editor.getName()).version() + ".");
	}

	@PostMapping("/console/sermons/{id}/transcript/segments/{index}/merge")
	String mergeSegment(@PathVariable String id, @PathVariable int index, @RequestParam int version,
			Authentication editor, RedirectAttributes flash) {
		return transcriptAction(id, index, flash, () -> "Lines " + (index + 1) + " and " + (index + 2)
				+ " merged; version " + this.edits.merge(id, version, index, editor.getName()).version() + ".");
	}

	private static String transcriptAction(String id, int index, RedirectAttributes flash,
			java.util.function.Supplier<String> action) {
		try {
			flash.addFlashAttribute("notice", action.get());
		}
		catch (IllegalArgumentException | StaleTranscriptException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#seg-" + index;
	}

	/**
	 * Chapters as typed, one {@code m:ss Title} per line; staff own them from then on.
	 */
	@PostMapping("/console/sermons/{id}/chapters")
	String saveChapters(@PathVariable String id, @RequestParam(defaultValue = "") String chapters,
			Authentication editor, RedirectAttributes flash) {
		try {
			int count = this.chapters.replace(id, ChapterText.parse(chapters), editor.getName()).size();
			flash.addFlashAttribute("notice", count + " chapters saved.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#chapters";
	}

	@PostMapping("/console/sermons/{id}/chapters/regenerate")
	String regenerateChapters(@PathVariable String id, Authentication editor, RedirectAttributes flash) {
		try {
			int count = this.chapters.regenerate(id, editor.getName()).size();
			flash.addFlashAttribute("notice", count + " chapters found from the transcript.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#chapters";
	}

	/** A clip of 15 to 120 s to share; {@code start} as {@code m:ss} or seconds. */
	@PostMapping("/console/sermons/{id}/soundbites")
	String addSoundbite(@PathVariable String id, @RequestParam(defaultValue = "") String start,
			@RequestParam(defaultValue = "") String duration, @RequestParam(defaultValue = "") String title,
			Authentication editor, RedirectAttributes flash) {
		try {
			Double from = ChapterText.seconds(start);
			if (from == null) {
				throw new IllegalArgumentException("Start must be a time such as 12:30, or seconds");
			}
			Double length = duration.strip().matches("\\d{1,3}(\\.\\d{1,3})?") ? Double.valueOf(duration.strip())
					: null;
			this.soundbites.add(id, from, length, title, editor.getName());
			flash.addFlashAttribute("notice", "Soundbite marked.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#soundbites";
	}

	@PostMapping("/console/sermons/{id}/soundbites/{soundbiteId}/delete")
	String deleteSoundbite(@PathVariable String id, @PathVariable String soundbiteId, RedirectAttributes flash) {
		boolean deleted = this.soundbites.delete(id, soundbiteId);
		flash.addFlashAttribute(deleted ? "notice" : "problem",
				deleted ? "Soundbite removed." : "That soundbite was already gone.");
		return "redirect:/console/sermons/" + id + "#soundbites";
	}

	/** A transcript line as the editor shows it. */
	record Line(int index, Transcript.Segment segment, String at, boolean last) {
	}

	/** A scripture reference as the page lists it. */
	record Reference(ScriptureRef ref, String at) {
	}

	/** Adds a passage (written, such as "Romans 8:28"), at a moment given as m:ss. */
	@PostMapping("/console/sermons/{id}/scripture")
	String addReference(@PathVariable String id, @RequestParam(defaultValue = "") String reference,
			@RequestParam(defaultValue = "") String at, Authentication editor, RedirectAttributes flash) {
		try {
			Double moment = at.isBlank() ? null : ChapterText.seconds(at);
			if (!at.isBlank() && moment == null) {
				throw new IllegalArgumentException("The moment must be a time such as 12:30, or seconds");
			}
			ScriptureRef added = this.scripture.add(id, reference, moment, editor.getName());
			flash.addFlashAttribute("notice", added.passage().display() + " added.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#scripture";
	}

	@PostMapping("/console/sermons/{id}/scripture/{refId}/{decision:confirm|remove}")
	String decideReference(@PathVariable String id, @PathVariable String refId, @PathVariable String decision,
			Authentication editor, RedirectAttributes flash) {
		boolean done = this.scripture.decide(id, refId,
				decision.equals("confirm") ? ScriptureRef.Status.CONFIRMED : ScriptureRef.Status.REMOVED,
				editor.getName());
		flash.addFlashAttribute(done ? "notice" : "problem",
				done ? (decision.equals("confirm") ? "Reference confirmed." : "Reference removed.")
						: "That reference is gone.");
		return "redirect:/console/sermons/" + id + "#scripture";
	}

	/** A soundbite as the page lists it. */
	record Clip(Soundbite soundbite, String at, String shareUrl) {
	}

	/** The review gate: the transcript becomes public and searchable. */
	@PostMapping("/console/sermons/{id}/transcript/approve")
	String approve(@PathVariable String id, Authentication approver, RedirectAttributes flash) {
		try {
			boolean now = this.edits.approve(id, approver.getName());
			flash.addFlashAttribute("notice", now ? "Transcript approved: it is public and becomes searchable."
					: "The transcript was approved already.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id;
	}

	/**
	 * An upload from the console's form. The page's script asks for JSON and follows
	 * {@code location}; without script, the browser is redirected.
	 */
	@PostMapping(path = "/console/sermons", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Object upload(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String title,
			@RequestParam(required = false) String preacher, @RequestParam(required = false) String preachedOn,
			@RequestParam(required = false) String series, @RequestParam(required = false) String publishAt,
			HttpServletRequest request, RedirectAttributes flash) throws IOException {
		try {
			if (file == null || file.isEmpty()) {
				throw new IllegalArgumentException("Choose the recording to upload.");
			}
			SermonDetails details = new SermonDetails(title, preacher, SermonDetails.date(preachedOn), series, null,
					null);
			java.time.Instant releaseAt = this.release.parsePublishAt(publishAt, null);
			Sermons.Created created;
			try (InputStream audio = file.getInputStream()) {
				created = this.sermons.upload(details, releaseAt, audio, file.getOriginalFilename());
			}
			String location = "/console/sermons/" + created.sermonId();
			if (wantsJson(request)) {
				return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("location", location));
			}
			flash.addFlashAttribute("notice", "Uploaded; the pipeline is running.");
			return "redirect:" + location;
		}
		catch (IllegalArgumentException ex) {
			if (wantsJson(request)) {
				return ResponseEntity.badRequest().body(Map.of("detail", ex.getMessage()));
			}
			flash.addFlashAttribute("problem", ex.getMessage());
			return "redirect:/console/sermons";
		}
	}

	@ExceptionHandler({ MaxUploadSizeExceededException.class, MediaTooLargeException.class })
	ResponseEntity<Map<String, String>> tooLarge() {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Map.of("detail", "The file is larger than the upload limit of "
					+ (this.media.maxUploadBytes() / (1024 * 1024)) + " MB; nothing was stored."));
	}

	@PostMapping("/console/sermons/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes flash) {
		boolean deleted = this.sermons.delete(id);
		flash.addFlashAttribute(deleted ? "notice" : "problem",
				deleted ? "Sermon deleted: its media, transcript and search entries are gone."
						: "That sermon was already gone.");
		return "redirect:/console/sermons";
	}

	private static boolean wantsJson(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		return accept != null && accept.contains("application/json");
	}

}
