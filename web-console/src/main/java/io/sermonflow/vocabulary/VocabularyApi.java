package io.sermonflow.vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.error.NotFoundException;
import io.sermonflow.transcript.vocabulary.Vocabulary;
import io.sermonflow.web.Times;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/vocabulary}: the offline engine's sermon vocabulary, its state, and the
 * words staff add (names of preachers and churches, series titles).
 */
@RestController
class VocabularyApi {

	private final Vocabulary vocabulary;

	VocabularyApi(Vocabulary vocabulary) {
		this.vocabulary = vocabulary;
	}

	@GetMapping("/api/vocabulary")
	Map<String, Object> vocabulary() {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("mode", this.vocabulary.mode().name().toLowerCase());
		view.put("state", this.vocabulary.state().name());
		view.put("failure", this.vocabulary.failure().orElse(null));
		view.put("words", this.vocabulary.words().stream().map(VocabularyApi::view).toList());
		return view;
	}

	/**
	 * {@code {"words":"Okonkwo Grace Fellowship"}}; counts from the next transcription.
	 */
	@PostMapping("/api/vocabulary")
	@ResponseStatus(HttpStatus.CREATED)
	List<Map<String, Object>> add(@RequestBody JsonNode body, Authentication editor) {
		if (!body.path("words").isString()) {
			throw new IllegalArgumentException("Field \"words\" is required: one or more words, such as \"Okonkwo\"");
		}
		return this.vocabulary.add(body.path("words").asString(), editor.getName())
			.stream()
			.map(VocabularyApi::view)
			.toList();
	}

	@DeleteMapping("/api/vocabulary/{word}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String word) {
		if (!this.vocabulary.remove(word)) {
			throw new NotFoundException("No added word \"" + word + "\"");
		}
	}

	private static Map<String, Object> view(Vocabulary.Word word) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("word", word.word());
		view.put("pronunciation", word.pronunciation());
		view.put("source", word.source().name().toLowerCase());
		view.put("addedBy", word.addedBy());
		view.put("addedAt", Times.iso(word.addedAt()));
		return view;
	}

}
