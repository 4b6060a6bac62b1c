package io.sermonflow.console.sermons;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.sermonflow.listen.ListenerLinks;
import io.sermonflow.media.MediaProperties;
import io.sermonflow.media.MediaTooLargeException;
import io.sermonflow.run.RunStore;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.sermon.StaleTranscriptException;
import io.sermonflow.sermon.TranscriptEdits;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
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
@Controller
class SermonsPages {

	private final JdbcSermonStore store;

	private final Sermons sermons;

	private final RunStore runs;

	private final ListenerLinks links;

	private final MediaProperties media;

	private final TranscriptEdits edits;

	SermonsPages(JdbcSermonStore store, Sermons sermons, RunStore runs, ListenerLinks links, MediaProperties media,
			TranscriptEdits edits) {
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
				wanted = Sermon.Status.valueOf(status);
			}
			catch (IllegalArgumentException ex) {
				model.addAttribute("problem", "Unknown status \"" + status + "\"; showing every sermon.");
			}
		}
		model.addAttribute("sermons", this.store.list(wanted, 200));
		model.addAttribute("awaitingReview", this.store.awaitingReview(50));
		model.addAttribute("status", (wanted != null) ? wanted.name() : null);
		model.addAttribute("maxBytes", this.media.maxUploadBytes());
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
		model.addAttribute("segments", this.store.transcript(id).map((t) -> t.segments()).orElse(java.util.List.of()));
		model.addAttribute("transcriptVersion", this.store.transcriptVersion(id).orElse(0));
		model.addAttribute("transcriptApproved", this.store.transcriptApproved(id));
		return "console/sermon";
	}

	/**
	 * One corrected line of the transcript; search and captions follow after a refresh.
	 */
	@PostMapping("/console/sermons/{id}/transcript/segments/{index}")
	String editSegment(@PathVariable String id, @PathVariable int index, @RequestParam String text,
			@RequestParam int version, Authentication editor, RedirectAttributes flash) {
		try {
			TranscriptEdits.Edited edited = this.edits.edit(id, version,
					java.util.List.of(new TranscriptEdits.SegmentEdit(index, text, null, null)), editor.getName());
			flash.addFlashAttribute("notice", "Line " + (index + 1) + " saved as version " + edited.version()
					+ "; search and captions follow within seconds.");
		}
		catch (IllegalArgumentException | StaleTranscriptException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/sermons/" + id + "#seg-" + index;
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
			@RequestParam(required = false) String series, HttpServletRequest request, RedirectAttributes flash)
			throws IOException {
		try {
			if (file == null || file.isEmpty()) {
				throw new IllegalArgumentException("Choose the recording to upload.");
			}
			SermonDetails details = new SermonDetails(title, preacher, SermonDetails.date(preachedOn), series, null,
					null);
			Sermons.Created created;
			try (InputStream audio = file.getInputStream()) {
				created = this.sermons.upload(details, audio, file.getOriginalFilename());
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
