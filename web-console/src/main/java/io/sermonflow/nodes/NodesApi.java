package io.sermonflow.nodes;

import java.util.List;

import io.sermonflow.config.ClusterNodes;
import io.sermonflow.web.Times;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/nodes}: the nodes sharing the database and what each runs now. */
@RestController
@RequestMapping("/api/nodes")
class NodesApi {

	private final ClusterNodes nodes;

	NodesApi(ClusterNodes nodes) {
		this.nodes = nodes;
	}

	@GetMapping
	List<NodeView> list() {
		return this.nodes.all().stream().map(NodeView::of).toList();
	}

	/**
	 * A node: {@code state} is ALIVE, DRAINING (shutting down, finishing what it runs) or
	 * LOST (presumed dead; {@code lostReason} says why when known); {@code runs} and
	 * {@code tasks} are what it holds now; {@code software} the tools it runs work with
	 * (which ffmpeg).
	 */
	record NodeView(String node, String roles, String state, String lostReason, String startedAt, String heartbeatAt,
			String leaseUntil, List<RunRef> runs, List<TaskRef> tasks, List<String> software) {

		static NodeView of(ClusterNodes.Node node) {
			return new NodeView(node.nodeId(), node.roles(), node.state().name(), node.lostReason(),
					Times.iso(node.startedAt()), Times.iso(node.heartbeatAt()), Times.iso(node.leaseUntil()),
					node.runs().stream().map((run) -> new RunRef(run.runId(), run.name())).toList(),
					node.tasks().stream().map((task) -> new TaskRef(task.runId(), task.name())).toList(),
					node.software());
		}

	}

	record RunRef(String runId, String dag) {
	}

	record TaskRef(String runId, String task) {
	}

}
