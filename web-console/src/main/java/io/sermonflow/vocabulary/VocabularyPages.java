package io.sermonflow.vocabulary;

import io.sermonflow.transcript.vocabulary.Vocabulary;
import io.sermonflow.web.ConsolePage;

import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The offline engine's vocabulary for staff: whether the sermon model is ready, and the
 * words they add so the engine hears their preachers', church's and series' names.
 */
@ConsolePage
class VocabularyPages {

	private final Vocabulary vocabulary;

	VocabularyPages(Vocabulary vocabulary) {
		this.vocabulary = vocabulary;
	}

	@GetMapping("/console/vocabulary")
	String page(Model model) {
		model.addAttribute("mode", this.vocabulary.mode());
		model.addAttribute("state", this.vocabulary.state());
		model.addAttribute("failure", this.vocabulary.failure().orElse(null));
		model.addAttribute("words", this.vocabulary.words());
		return "console/vocabulary";
	}

	@PostMapping("/console/vocabulary")
	String add(@RequestParam(required = false) String words, Authentication editor, RedirectAttributes flash) {
		try {
			int added = this.vocabulary.add(words, editor.getName()).size();
			flash.addFlashAttribute("notice",
					((added == 1) ? "1 word" : added + " words") + " added; the next transcription knows them.");
		}
		catch (IllegalArgumentException ex) {
			flash.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/console/vocabulary";
	}

	@PostMapping("/console/vocabulary/{word}/remove")
	String remove(@PathVariable String word, RedirectAttributes flash) {
		flash.addFlashAttribute("notice",
				this.vocabulary.remove(word) ? "\"" + word + "\" removed." : "\"" + word + "\" was not in the list.");
		return "redirect:/console/vocabulary";
	}

}
