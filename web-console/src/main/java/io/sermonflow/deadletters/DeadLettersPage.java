package io.sermonflow.deadletters;

import java.util.List;

import io.sermonflow.event.DeadLetters;
import io.sermonflow.event.InvalidEventException;
import io.sermonflow.web.ConsolePage;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Dead letters: events the intake could not process, each with its body, receive count
 * and reason; redrive them (some, all, or one corrected), or delete them (ADMIN).
 */
@ConsolePage
class DeadLettersPage {

	static final int LIMIT = 200;

	private final DeadLetters deadLetters;

	DeadLettersPage(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/console/dlq")
	String list(Model model) {
		model.addAttribute("letters", this.deadLetters.list(LIMIT));
		model.addAttribute("total", this.deadLetters.count());
		return "console/dlq";
	}

	@PostMapping("/console/dlq/redrive")
	String redrive(@RequestParam(name = "messageId", required = false) List<String> messageIds,
			@RequestParam(defaultValue = "false") boolean all, RedirectAttributes flash) {
		if (!all && (messageIds == null || messageIds.isEmpty())) {
			flash.addFlashAttribute("problem", "Select the dead letters to redrive first.");
			return "redirect:/console/dlq";
		}
		List<String> moved = this.deadLetters.redrive(all ? List.of() : messageIds);
		flash.addFlashAttribute("notice",
				"Moved " + moved.size() + " event" + ((moved.size() == 1) ? "" : "s") + " back to the main queue.");
		return "redirect:/console/dlq";
	}

	@PostMapping("/console/dlq/{messageId}/redrive")
	String redriveCorrected(@PathVariable String messageId, @RequestParam String body, RedirectAttributes flash) {
		try {
			if (this.deadLetters.redriveCorrected(messageId, body)) {
				flash.addFlashAttribute("notice", "The corrected event went back to the main queue.");
			}
			else {
				flash.addFlashAttribute("problem", "That dead letter is gone; someone redrove or deleted it.");
			}
		}
		catch (InvalidEventException ex) {
			flash.addFlashAttribute("problem", "The corrected body is not a valid event: " + ex.getMessage());
		}
		return "redirect:/console/dlq";
	}

	@PostMapping("/console/dlq/{messageId}/delete")
	String delete(@PathVariable String messageId, RedirectAttributes flash) {
		boolean deleted = this.deadLetters.delete(messageId);
		flash.addFlashAttribute(deleted ? "notice" : "problem",
				deleted ? "Dead letter deleted." : "That dead letter was already gone.");
		return "redirect:/console/dlq";
	}

}
