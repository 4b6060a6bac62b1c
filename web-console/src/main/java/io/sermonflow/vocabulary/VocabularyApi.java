package io.sermonflow.vocabulary;

import java.util.List;

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
	VocabularyView vocabulary() {
		return new VocabularyView(this.vocabulary.mode().name().toLowerCase(), this.vocabulary.state().name(),
				this.vocabulary.failure().orElse(null), this.vocabulary.words().stream().map(WordView::of).toList());
	}

	/**
	 * {@code {"words":"Okonkwo Grace Fellowship"}}; counts from the next transcription.
	 */
	@PostMapping("/api/vocabulary")
	@ResponseStatus(HttpStatus.CREATED)
	List<WordView> add(@RequestBody JsonNode body, Authentication editor) {
		if (!body.path("words").isString()) {
			throw new IllegalArgumentException("Field \"words\" is required: one or more words, such as \"Okonkwo\"");
		}
		return this.vocabulary.add(body.path("words").asString(), editor.getName()).stream().map(WordView::of).toList();
	}

	@DeleteMapping("/api/vocabulary/{word}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String word) {
		if (!this.vocabulary.remove(word)) {
			throw new NotFoundException("No added word \"" + word + "\"");
		}
	}

	/**
	 * The sermon model's state ({@code BUILDING|READY|FAILED|NOT_USED}) and the words
	 * staff added.
	 */
	record VocabularyView(String mode, String state, String failure, List<WordView> words) {
	}

	/**
	 * An added word, with the pronunciation used: from the dictionary or spelled out by
	 * rule.
	 */
	record WordView(String word, String pronunciation, String source, String addedBy, String addedAt) {

		static WordView of(Vocabulary.Word word) {
			return new WordView(word.word(), word.pronunciation(), word.source().name().toLowerCase(), word.addedBy(),
					Times.iso(word.addedAt()));
		}

	}

}
