package io.sermonflow.audit;

import io.sermonflow.web.ConsolePage;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log every staff member may read, newest first, a hundred lines a page. */
@ConsolePage
class AuditPage {

	private final AuditLog audit;

	AuditPage(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/console/audit")
	String audit(@RequestParam(required = false) Long before, Model model) {
		var entries = this.audit.list(101, before);
		model.addAttribute("entries", entries.subList(0, Math.min(100, entries.size())));
		model.addAttribute("next", (entries.size() > 100) ? entries.get(99).id() : null);
		return "console/audit";
	}

}
