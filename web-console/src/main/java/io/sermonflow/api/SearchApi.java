package io.sermonflow.api;

import java.util.List;

import io.sermonflow.listen.SermonSearch;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public search over what was said in published sermons (API.md §4). */
@RestController
class SearchApi {

	private final SermonSearch search;

	SearchApi(SermonSearch search) {
		this.search = search;
	}

	@GetMapping("/api/search")
	List<SermonSearch.Hit> search(@RequestParam(required = false) String q, @RequestParam(defaultValue = "10") int k) {
		return this.search.search(q, k);
	}

}
