package io.sermonflow.web;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page knows of its viewer. */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {

	@ModelAttribute("viewer")
	Viewer viewer(Authentication authentication) {
		return Viewer.of(authentication);
	}

}
