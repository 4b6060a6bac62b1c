package io.sermonflow.series;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Listed;
import io.sermonflow.catalog.Preacher;
import io.sermonflow.transcript.voice.PreacherVoices;
import io.sermonflow.web.ConsolePage;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Series and preachers for staff: create, rename and describe them, give a series its
 * artwork, and put ticked sermons into a series from the sermons list.
 */
@ConsolePage
class CatalogPages {

	private final Catalog catalog;

	private final PreacherVoices voices;

	CatalogPages(Catalog catalog, PreacherVoices voices) {
		this.catalog = catalog;
		this.voices = voices;
	}

	@GetMapping("/console/series")
	String page(Model model) {
		List<Listed<Preacher>> preachers = this.catalog.preachers();
		// when the offline engine last learnt each preacher's voice (approved
		// transcripts)
		Map<String, Instant> voiceAdaptedAt = new HashMap<>();
		preachers.forEach((listed) -> this.voices.adaptedAt(listed.entry().id())
			.ifPresent((at) -> voiceAdaptedAt.put(listed.entry().id(), at)));
		model.addAttribute("series", this.catalog.series());
		model.addAttribute("preachers", preachers);
		model.addAttribute("voiceAdaptedAt", voiceAdaptedAt);
		return "console/series";
	}

	@PostMapping("/console/series")
	String create(@RequestParam(required = false) String name, @RequestParam(required = false) String description,
			RedirectAttributes flash) {
		try {
			flash.addFlashAttribute("notice", "Series created: " + this.catalog.createSeries(name, description).name());
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/series";
	}

	@PostMapping("/console/series/{id}")
	String edit(@PathVariable String id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String description, RedirectAttributes flash) {
		existingSeries(id);
		try {
			this.catalog.editSeries(id, name, description);
			flash.addFlashAttribute("notice", "Series saved; its address and feed stay the same.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/series";
	}

	@PostMapping("/console/series/{id}/artwork")
	String artwork(@PathVariable String id, @RequestParam(required = false) MultipartFile artwork,
			RedirectAttributes flash) throws IOException {
		existingSeries(id);
		try {
			if (artwork == null || artwork.isEmpty()) {
				throw new IllegalArgumentException("Choose an image for the artwork.");
			}
			try (InputStream in = artwork.getInputStream()) {
				this.catalog.setArtwork(id, in);
			}
			flash.addFlashAttribute("notice", "Artwork saved; the series' feed shows it.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/series";
	}

	@PostMapping("/console/series/{id}/delete")
	String delete(@PathVariable String id, RedirectAttributes flash) {
		existingSeries(id);
		this.catalog.deleteSeries(id);
		flash.addFlashAttribute("notice", "Series deleted; its sermons are in no series now.");
		return "redirect:/console/series";
	}

	/** The sermons ticked in the sermons list go into one series. */
	@PostMapping("/console/series/assign")
	String assign(@RequestParam(required = false) String seriesId,
			@RequestParam(required = false) List<String> sermonIds, RedirectAttributes flash) {
		if (seriesId == null || this.catalog.series(seriesId).isEmpty()) {
			flash.addFlashAttribute("problem", "Choose a series.");
		}
		else if (sermonIds == null || sermonIds.isEmpty()) {
			flash.addFlashAttribute("problem", "Tick the sermons to put into the series.");
		}
		else {
			try {
				int assigned = this.catalog.assign(seriesId, sermonIds);
				flash.addFlashAttribute("notice", assigned + ((assigned == 1) ? " sermon" : " sermons") + " put into "
						+ this.catalog.series(seriesId).orElseThrow().name() + ".");
			}
			catch (IllegalArgumentException ex) {
				flash.addFlashAttribute("problem", ex.getMessage());
			}
		}
		return "redirect:/console/sermons";
	}

	@PostMapping("/console/preachers/{id}")
	String editPreacher(@PathVariable String id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String description, RedirectAttributes flash) {
		this.catalog.preacher(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		try {
			this.catalog.editPreacher(id, name, description);
			flash.addFlashAttribute("notice", "Preacher saved.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/series";
	}

	private void existingSeries(String id) {
		this.catalog.series(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
