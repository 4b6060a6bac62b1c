package io.sermonflow.sermons;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sermonflow.chapter.Chapter;
import io.sermonflow.chapter.JdbcChapterStore;
import io.sermonflow.error.NotFoundException;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.SermonChapters;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/sermons/{id}/chapters}: the chapters found from the transcript, replaced by
 * staff ({@code PUT}), or found again ({@code POST …/regenerate}).
 */
@RestController
@RequestMapping("/api/sermons/{id}/chapters")
class ChaptersApi {

	private final JdbcSermonStore sermons;

	private final SermonChapters chapters;

	ChaptersApi(JdbcSermonStore sermons, SermonChapters chapters) {
		this.sermons = sermons;
		this.chapters = chapters;
	}

	@GetMapping
	ChaptersView get(@PathVariable String id) {
		find(id);
		return this.chapters.chapters(id).map(ChaptersView::of).orElseGet(ChaptersView::none);
	}

	/** {@code {"chapters":[{"start":0,"title":"…"},…]}}: in order, inside the audio. */
	@PutMapping
	ChaptersView replace(@PathVariable String id, @RequestBody JsonNode body, Authentication editor) {
		find(id);
		JsonNode list = body.path("chapters");
		if (!list.isArray()) {
			throw new IllegalArgumentException("Field \"chapters\" must be a list of {\"start\", \"title\"}");
		}
		List<Chapter> written = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			JsonNode chapter = list.get(i);
			if (!chapter.path("start").isNumber()) {
				throw new IllegalArgumentException("Field \"chapters[" + i + "].start\" must be seconds");
			}
			if (!chapter.path("title").isString()) {
				throw new IllegalArgumentException("Field \"chapters[" + i + "].title\" must be a string");
			}
			written.add(new Chapter(chapter.path("start").asDouble(), chapter.path("title").asString()));
		}
		this.chapters.replace(id, written, editor.getName());
		return get(id);
	}

	/** Finds the chapters from the transcript again, replacing any staff wrote. */
	@PostMapping("/regenerate")
	ChaptersView regenerate(@PathVariable String id, Authentication editor) {
		find(id);
		this.chapters.regenerate(id, editor.getName());
		return get(id);
	}

	private void find(String id) {
		this.sermons.find(id).orElseThrow(() -> new NotFoundException("No sermon " + id));
	}

	/**
	 * A sermon's chapters and where they came from ({@code generated}, {@code edited} or
	 * {@code none}); who changed them last and when (null for generated ones).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ChaptersView(String source, String updatedAt, String updatedBy,
			@JsonInclude(JsonInclude.Include.ALWAYS) List<ChapterView> chapters) {

		static ChaptersView of(JdbcChapterStore.Chapters list) {
			return new ChaptersView(list.source().name().toLowerCase(java.util.Locale.ROOT),
					Times.iso(list.updatedAt()), list.updatedBy(),
					list.chapters()
						.stream()
						.map((chapter) -> new ChapterView(chapter.start(), chapter.title()))
						.toList());
		}

		static ChaptersView none() {
			return new ChaptersView("none", null, null, List.of());
		}

	}

	/** A chapter: its start in seconds and its title. */
	record ChapterView(double start, String title) {
	}

}
