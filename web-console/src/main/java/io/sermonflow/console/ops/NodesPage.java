package io.sermonflow.console.ops;

import io.sermonflow.config.ClusterNodes;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The nodes sharing the database: alive, draining or lost (and why), when each was last
 * heard from, and which runs and tasks each holds now.
 */
@Controller
class NodesPage {

	private final ClusterNodes nodes;

	NodesPage(ClusterNodes nodes) {
		this.nodes = nodes;
	}

	@GetMapping("/console/nodes")
	String list(Model model) {
		model.addAttribute("nodes", this.nodes.all());
		return "console/nodes";
	}

}
