package io.sermonflow.console;

import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStore;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in and the staff console's first page. */
@Controller
class ConsolePages {

	private final RunStore runs;

	ConsolePages(RunStore runs) {
		this.runs = runs;
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/console")
	String console(Model model, Authentication user) {
		model.addAttribute("user", user.getName());
		model.addAttribute("runs", this.runs.list(new RunQuery(null, null, null, 25)));
		return "console/index";
	}

}
