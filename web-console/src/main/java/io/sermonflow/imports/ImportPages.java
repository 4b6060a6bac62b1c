package io.sermonflow.imports;

import java.security.Principal;
import java.time.LocalDate;

import io.sermonflow.archive.ArchiveImport;
import io.sermonflow.archive.ArchiveImports;
import io.sermonflow.archive.ImportStateException;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.web.ConsolePage;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Archive imports for staff: start one (or ask what it would do), follow its progress,
 * look at the canary and continue, pause, resume, cancel, retry a failed item.
 */
@ConsolePage
class ImportPages {

	private final ArchiveImports imports;

	ImportPages(ArchiveImports imports) {
		this.imports = imports;
	}

	@GetMapping("/console/imports")
	String list(Model model) {
		model.addAttribute("imports", this.imports.list(100));
		return "console/imports";
	}

	@PostMapping("/console/imports")
	String start(@RequestParam(required = false) String feedUrl, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String since, @RequestParam(required = false) String canary,
			@RequestParam(required = false) String seriesFromFeed, @RequestParam(required = false) String churchId,
			@RequestParam(required = false) String dryRun, Principal user, Model model, RedirectAttributes flash) {
		try {
			ArchiveImports.Request request = new ArchiveImports.Request(feedUrl, number(limit, "limit"), date(since),
					number(canary, "canary"), seriesFromFeed != null, churchId);
			if (dryRun != null) {
				model.addAttribute("plan", this.imports.plan(request));
				model.addAttribute("request", request);
				model.addAttribute("imports", this.imports.list(100));
				return "console/imports";
			}
			ArchiveImport.Report report = this.imports.start(request, user.getName());
			flash.addFlashAttribute("notice", (report.archiveImport().error() != null) ? report.archiveImport().error()
					: "Import started: its first items run now.");
			return "redirect:/console/imports/" + report.archiveImport().id();
		}
		catch (IllegalArgumentException | PermanentException | RetryableException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
			return "redirect:/console/imports";
		}
	}

	@GetMapping("/console/imports/{id}")
	String page(@PathVariable String id, Model model) {
		model.addAttribute("report", report(id));
		return "console/import";
	}

	@PostMapping("/console/imports/{id}/{action}")
	String act(@PathVariable String id, @PathVariable String action, Principal user, RedirectAttributes flash) {
		report(id);
		try {
			switch (action) {
				case "continue" -> this.imports.proceed(id, user.getName());
				case "pause" -> this.imports.pause(id, user.getName());
				case "resume" -> this.imports.resume(id, user.getName());
				case "cancel" -> this.imports.cancel(id, user.getName());
				default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
			}
			flash.addFlashAttribute("notice", switch (action) {
				case "continue" -> "Import continued: the rest of the items run at the import pace.";
				case "pause" -> "Import paused: items in the pipeline finish; no new ones start.";
				case "resume" -> "Import resumed.";
				default -> "Import cancelled: nothing more starts, and items in the pipeline are stopped.";
			});
		}
		catch (ImportStateException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/imports/" + id;
	}

	@PostMapping("/console/imports/{id}/items/{n}/retry")
	String retry(@PathVariable String id, @PathVariable int n, Principal user, RedirectAttributes flash) {
		report(id);
		try {
			this.imports.retryItem(id, n, user.getName());
			flash.addFlashAttribute("notice", "Item " + n + " runs again.");
		}
		catch (PermanentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/imports/" + id;
	}

	private ArchiveImport.Report report(String id) {
		return this.imports.report(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static Integer number(String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Field \"" + field + "\" must be a whole number");
		}
	}

	private static LocalDate date(String value) {
		try {
			return SermonDetails.date(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Field \"since\" must be a date such as 2020-01-31");
		}
	}

}
