package io.sermonflow.nodes;

import io.sermonflow.config.ClusterNodes;
import io.sermonflow.web.ConsolePage;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The nodes sharing the database: alive, draining or lost (and why), when each was last
 * heard from, and which runs and tasks each holds now.
 */
@ConsolePage
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
