package io.sermonflow.listen;

import java.util.List;

import io.sermonflow.listen.SermonFilters;
import io.sermonflow.listen.SermonSearch;
import io.sermonflow.scripture.Passage;
import io.sermonflow.sermon.SermonScripture;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public search over what was said in published sermons (API.md §4). */
@RestController
class SearchApi {

	private final SermonSearch search;

	private final SermonScripture scripture;

	private final SermonFilters filters;

	SearchApi(SermonSearch search, SermonScripture scripture, SermonFilters filters) {
		this.search = search;
		this.scripture = scripture;
		this.filters = filters;
	}

	/**
	 * {@code passage} (OSIS book, chapter or verse) keeps sermons that cite it;
	 * {@code preacher} and {@code series} (slugs) and {@code from}/{@code to} (dates
	 * preached) narrow it further.
	 */
	@GetMapping("/api/search")
	List<SermonSearch.Hit> search(@RequestParam(required = false) String q, @RequestParam(defaultValue = "10") int k,
			@RequestParam(required = false) String passage, @RequestParam(required = false) String preacher,
			@RequestParam(required = false) String series, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		java.util.Set<String> within = (passage != null && !passage.isBlank())
				? this.scripture.sermonsCiting(Passage.filter(passage)) : null;
		return this.search.search(q, k, within, this.filters.parse(preacher, series, from, to));
	}

}
