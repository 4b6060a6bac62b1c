package io.sermonflow.settings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.sermonflow.retention.Retention;
import io.sermonflow.web.ConsolePage;
import io.sermonflow.web.Durations;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The settings an operator checks on day two: how long each kind of history is kept, what
 * the next housekeeping pass would remove, and what the last one did. Admins can run a
 * pass at once.
 */
@ConsolePage
class SettingsPage {

	private final Retention retention;

	SettingsPage(Retention retention) {
		this.retention = retention;
	}

	@GetMapping("/console/settings")
	String show(Model model) {
		model.addAttribute("horizons",
				this.retention.preview()
					.stream()
					.map((h) -> new HorizonView(h.kind().property(), h.kind().description(), h.horizon().toDays(),
							utc(h.cutoff()), h.rows()))
					.toList());
		model.addAttribute("interval", Durations.of(this.retention.interval()));
		this.retention.lastPass()
			.ifPresent((pass) -> model.addAttribute("lastPass", new PassView(utc(pass.endedAt()), pass.total(),
					pass.failures().keySet().stream().map((kind) -> kind.property()).toList())));
		return "console/settings";
	}

	@PostMapping("/console/settings/retention/purge")
	String purge(RedirectAttributes flash) {
		Retention.Pass pass = this.retention.purge();
		if (pass.failures().isEmpty()) {
			flash.addFlashAttribute("notice", pass.total() + " rows past their horizon removed.");
		}
		else {
			flash.addFlashAttribute("problem", "Some history could not be purged: " + pass.failures()
					+ ". The rest was; the next pass tries again.");
		}
		return "redirect:/console/settings";
	}

	private static String utc(Instant instant) {
		return TIME.format(instant) + " UTC";
	}

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	record HorizonView(String property, String description, long days, String cutoff, long rows) {
	}

	record PassView(String at, long total, java.util.List<String> failed) {
	}

}
