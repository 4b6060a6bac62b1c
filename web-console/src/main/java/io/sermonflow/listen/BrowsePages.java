package io.sermonflow.listen;

import java.util.List;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.catalog.Listed;
import io.sermonflow.catalog.Preacher;
import io.sermonflow.catalog.Series;
import io.sermonflow.scripture.Book;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonScripture;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Browsing as church listeners do: by series (its sermons in the order they were
 * preached, with its own feed), by preacher, and by book of the Bible. Only what has
 * published sermons is listed.
 */
@Controller
class BrowsePages {

	private static final int LIMIT = 500;

	private final Catalog catalog;

	private final JdbcSermonStore sermons;

	private final SermonScripture scripture;

	private final ListenerLinks links;

	BrowsePages(Catalog catalog, JdbcSermonStore sermons, SermonScripture scripture, ListenerLinks links) {
		this.catalog = catalog;
		this.sermons = sermons;
		this.scripture = scripture;
		this.links = links;
	}

	@GetMapping("/series")
	String allSeries(Model model) {
		List<Listed<Series>> series = this.catalog.series().stream().filter((s) -> s.published() > 0).toList();
		model.addAttribute("heading", "Series");
		model.addAttribute("entries",
				series.stream()
					.map((s) -> new Entry(s.entry().name(), "/series/" + s.entry().slug(), s.published(),
							(s.entry().hasArtwork()) ? "/feeds/series/" + s.entry().slug() + "/artwork" : null))
					.toList());
		return "listen/index";
	}

	@GetMapping("/series/{slug}")
	String series(@PathVariable String slug, Model model) {
		Series series = (valid(slug) ? this.catalog.seriesBySlug(slug) : java.util.Optional.<Series>empty())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("heading", series.name());
		model.addAttribute("kind", "Series");
		model.addAttribute("description", series.description());
		model.addAttribute("artwork", series.hasArtwork() ? "/feeds/series/" + series.slug() + "/artwork" : null);
		model.addAttribute("feed", "/feeds/series/" + series.slug() + ".xml");
		model.addAttribute("sermons", this.sermons.listPublishedInSeries(series.id(), false, LIMIT));
		return "listen/collection";
	}

	@GetMapping("/preachers")
	String preachers(Model model) {
		model.addAttribute("heading", "Preachers");
		model.addAttribute("entries",
				this.catalog.preachers()
					.stream()
					.filter((p) -> p.published() > 0)
					.map((p) -> new Entry(p.entry().name(), "/preachers/" + p.entry().slug(), p.published(), null))
					.toList());
		return "listen/index";
	}

	@GetMapping("/preachers/{slug}")
	String preacher(@PathVariable String slug, Model model) {
		Preacher preacher = (valid(slug) ? this.catalog.preacherBySlug(slug) : java.util.Optional.<Preacher>empty())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		model.addAttribute("heading", preacher.name());
		model.addAttribute("kind", "Preacher");
		model.addAttribute("description", preacher.description());
		model.addAttribute("artwork", null);
		model.addAttribute("feed", null);
		model.addAttribute("sermons", this.sermons.listPublishedByPreacher(preacher.id(), LIMIT));
		return "listen/collection";
	}

	/** The books of the Bible that published sermons cite, in canonical order. */
	@GetMapping("/scripture")
	String books(Model model) {
		java.util.Map<String, Integer> counts = this.scripture.publishedSermonsByBook();
		model.addAttribute("heading", "Sermons by book of the Bible");
		model.addAttribute("entries",
				java.util.Arrays.stream(Book.values())
					.filter((book) -> counts.containsKey(book.osis))
					.map((book) -> new Entry(book.display, "/scripture/" + book.osis, counts.get(book.osis), null))
					.toList());
		return "listen/index";
	}

	/**
	 * The published sermons citing one book, newest first, each with the passages of the
	 * book it cites (each plays from its moment).
	 */
	@GetMapping("/scripture/{book}")
	String book(@PathVariable String book, Model model) {
		Book found = (book.matches("[0-9A-Za-z]{2,8}") ? Book.ofOsis(book) : java.util.Optional.<Book>empty())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		List<Sermon> citing = this.sermons.publishedAmong(this.scripture.sermonsCiting(found.osis))
			.values()
			.stream()
			.sorted(java.util.Comparator.comparing(Sermon::preachedOn).reversed())
			.limit(LIMIT)
			.toList();
		model.addAttribute("heading", found.display);
		model.addAttribute("sermons",
				citing.stream()
					.map((sermon) -> new Citing(sermon, this.scripture.publicReferences(sermon.id())
						.stream()
						.filter((ref) -> ref.passage().book() == found)
						.map((ref) -> new Cited(ref.passage().display(), this.links.page(sermon.id(), ref.at())))
						.toList()))
					.filter((c) -> !c.passages().isEmpty())
					.toList());
		return "listen/book";
	}

	/** A sermon on a book's page, with the passages of that book it cites. */
	record Citing(Sermon sermon, List<Cited> passages) {
	}

	/** One passage a sermon cites, and the link that plays from its moment. */
	record Cited(String display, String href) {
	}

	private static boolean valid(String slug) {
		return slug.matches("[a-z0-9-]{1,90}");
	}

	/** A series or preacher in a list. */
	record Entry(String name, String href, int sermons, String artwork) {
	}

}
