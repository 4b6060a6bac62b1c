package io.sermonflow.listen;

import java.util.List;

import io.sermonflow.error.RetryableException;
import io.sermonflow.listen.PublishedSermons.Published;
import io.sermonflow.catalog.Catalog;
import io.sermonflow.scripture.BibleText;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonFilter;
import io.sermonflow.scripture.Passage;
import io.sermonflow.sermon.SermonChapters;
import io.sermonflow.sermon.SermonScripture;
import io.sermonflow.transcript.Transcript;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The public pages: published sermons with a search box, search results that play from
 * the moment found, and a sermon's page with its player, waveform and a transcript that
 * follows the audio.
 */
@Controller
class ListenerPages {

	static final int PAGE_SIZE = 20;

	private final JdbcSermonStore sermons;

	private final PublishedSermons published;

	private final SermonSearch search;

	private final ListenerLinks links;

	private final SermonChapters chapters;

	private final SermonScripture scripture;

	private final Catalog catalog;

	private final SermonFilters filters;

	private final BibleText bible;

	ListenerPages(JdbcSermonStore sermons, PublishedSermons published, SermonSearch search, ListenerLinks links,
			SermonChapters chapters, SermonScripture scripture, Catalog catalog, SermonFilters filters,
			BibleText bible) {
		this.bible = bible;
		this.filters = filters;
		this.catalog = catalog;
		this.scripture = scripture;
		this.chapters = chapters;
		this.sermons = sermons;
		this.published = published;
		this.search = search;
		this.links = links;
	}

	/**
	 * The newest sermons, narrowed by preacher, series (slugs) and dates preached, a page
	 * at a time after the sermon {@code before}; or search hits for {@code q}, narrowed
	 * the same way; or the sermons citing a passage.
	 */
	@GetMapping({ "/", "/sermons" })
	String sermons(@RequestParam(required = false) String q, @RequestParam(required = false) String before,
			@RequestParam(required = false) String passage, @RequestParam(required = false) String preacher,
			@RequestParam(required = false) String series, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, Model model) {
		model.addAttribute("q", (q != null) ? q.strip() : "");
		if (passage != null && !passage.isBlank()) {
			return citing(passage, model);
		}
		model.addAttribute("filter", new Filter(blank(preacher), blank(series), blank(from), blank(to)));
		model.addAttribute("preachers",
				this.catalog.preachers().stream().filter((p) -> p.published() > 0).map((p) -> p.entry()).toList());
		model.addAttribute("seriesList",
				this.catalog.series().stream().filter((s) -> s.published() > 0).map((s) -> s.entry()).toList());
		SermonFilter filter;
		try {
			filter = this.filters.parse(preacher, series, from, to);
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("filterError", ex.getMessage());
			filter = null;
		}
		if (q != null && !q.isBlank()) {
			try {
				model.addAttribute("hits",
						(filter == null) ? List.of()
								: this.search.search(q, 20, null, filter)
									.stream()
									.map((hit) -> new Found(hit, clock(hit.start())))
									.toList());
			}
			catch (IllegalArgumentException ex) {
				model.addAttribute("searchError", ex.getMessage().replace("Parameter \"q\"", "The search"));
			}
			catch (RetryableException ex) {
				model.addAttribute("searchError", "Search is unavailable right now. Please try again in a minute.");
			}
			return "listen/search";
		}
		String after = (before != null && before.matches("[A-Za-z0-9-]{1,40}")) ? before : null;
		List<Sermon> list = (filter == null) ? List.of() : this.sermons.listPublished(filter, after, PAGE_SIZE + 1);
		List<Sermon> shown = list.subList(0, Math.min(PAGE_SIZE, list.size()));
		model.addAttribute("sermons", shown);
		model.addAttribute("paged", after != null);
		model.addAttribute("next", (list.size() > PAGE_SIZE) ? shown.get(shown.size() - 1).id() : null);
		return "listen/sermons";
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** The filter as the listener gave it, for the form and the next page's link. */
	record Filter(String preacher, String series, String from, String to) {
	}

	/** Published sermons that cite a passage (a book, chapter or verse in OSIS). */
	private String citing(String passage, Model model) {
		try {
			String osis = Passage.filter(passage);
			java.util.Set<String> ids = this.scripture.sermonsCiting(osis);
			List<Sermon> list = this.sermons.publishedAmong(ids)
				.values()
				.stream()
				.sorted(java.util.Comparator.comparing(Sermon::preachedOn).reversed())
				.limit(PAGE_SIZE * 5)
				.toList();
			model.addAttribute("passage", osis);
			model.addAttribute("sermons", list);
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("passageError", ex.getMessage().replace("Parameter \"passage\"", "The passage"));
			model.addAttribute("sermons", List.of());
		}
		model.addAttribute("paged", false);
		model.addAttribute("next", null);
		return "listen/sermons";
	}

	@GetMapping("/sermons/{id}")
	String sermon(@PathVariable String id, @RequestParam(required = false) String t,
			@RequestParam(required = false) String end, Model model) {
		Published sermon = this.published.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		// under the review gate, nothing of the transcript shows before approval
		Transcript transcript = this.sermons.publicTranscript(id).orElse(null);
		double duration = (sermon.sermon().durationSeconds() != null) ? sermon.sermon().durationSeconds() : 0;
		double start = seconds(t).map((at) -> Math.min(at, duration)).orElse(0.0);
		// a shared clip (a soundbite) plays from t to end, then stops
		double stop = seconds(end).filter((at) -> at > start).map((at) -> Math.min(at, duration)).orElse(0.0);
		model.addAttribute("sermon", sermon.sermon());
		model.addAttribute("duration", clock(duration));
		model.addAttribute("start", start);
		model.addAttribute("startLabel", clock(start));
		model.addAttribute("end", stop);
		model.addAttribute("endLabel", clock(stop));
		model.addAttribute("passages",
				this.scripture.publicReferences(id)
					.stream()
					.map((ref) -> new CitedLine(ref.at(), clock(ref.at()), ref.passage().display(),
							this.bible.of(ref.passage()).orElse(null)))
					.toList());
		model.addAttribute("chapters", this.chapters.publicChapters(id)
			.stream()
			.map((chapter) -> new Line(chapter.start(), chapter.start(), clock(chapter.start()), chapter.title()))
			.toList());
		model.addAttribute("seriesPage", this.catalog.seriesOf(id).map((s) -> "/series/" + s.slug()).orElse(null));
		model.addAttribute("preacherPage",
				this.catalog.preacherOf(id).map((p) -> "/preachers/" + p.slug()).orElse(null));
		model.addAttribute("masterUrl", this.links.master(id));
		model.addAttribute("audioUrl", this.links.audio(id));
		model.addAttribute("captionsUrl", (transcript != null) ? this.links.captions(id) : null);
		model.addAttribute("peaksUrl", this.links.peaks(id));
		model.addAttribute("segments",
				(transcript != null) ? transcript.segments()
					.stream()
					.map((s) -> new Line(s.start(), s.end(), clock(s.start()),
							((s.speaker() != null) ? s.speaker() + ": " : "") + s.text()))
					.toList() : List.of());
		return "listen/sermon";
	}

	private static java.util.Optional<Double> seconds(String value) {
		return (value != null && value.matches("\\d{1,6}(\\.\\d{1,3})?"))
				? java.util.Optional.of(Double.parseDouble(value)) : java.util.Optional.empty();
	}

	/** {@code m:ss} or {@code h:mm:ss}. */
	static String clock(double seconds) {
		long total = (long) Math.floor(seconds);
		long hours = total / 3600;
		return (hours > 0) ? String.format("%d:%02d:%02d", hours, (total / 60) % 60, total % 60)
				: String.format("%d:%02d", total / 60, total % 60);
	}

	/** A search hit as the page shows it, with its start as a clock time. */
	record Found(SermonSearch.Hit hit, String at) {
	}

	/** One line of the transcript as the page shows it. */
	record Line(double start, double end, String at, String text) {
	}

	/** A passage the sermon cites, at its moment, with its verses (null when unknown). */
	record CitedLine(double start, String at, String text, String verses) {
	}

}
