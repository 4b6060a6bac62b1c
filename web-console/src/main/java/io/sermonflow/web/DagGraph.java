package io.sermonflow.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskSpec;

/**
 * A DAG drawn as SVG: tasks in columns by depth, edges from each task to what depends on
 * it, each node coloured by its state when a run is shown.
 */
public record DagGraph(int width, int height, List<Node> nodes, List<Edge> edges) {

	static final int NODE_WIDTH = 170;

	static final int NODE_HEIGHT = 36;

	static final int COLUMN = 200;

	static final int ROW = 52;

	/** One task: its box and its state ({@code PENDING} when no run is shown). */
	public record Node(String id, int x, int y, String status, String title) {

		public int textX() {
			return this.x + 10;
		}

		public int textY() {
			return this.y + 23;
		}

		/** The id, cut to fit its box. */
		public String label() {
			return (this.id.length() > 22) ? this.id.substring(0, 21) + "…" : this.id;
		}

	}

	/** An edge as an SVG path. */
	public record Edge(String path) {
	}

	public static DagGraph of(List<TaskSpec> tasks, Map<String, String> statusByTask) {
		List<List<TaskSpec>> layers = Dag.layers(tasks);
		Map<String, Node> placed = new HashMap<>();
		List<Node> nodes = new ArrayList<>();
		int rows = 1;
		for (int column = 0; column < layers.size(); column++) {
			List<TaskSpec> layer = layers.get(column);
			rows = Math.max(rows, layer.size());
			for (int row = 0; row < layer.size(); row++) {
				TaskSpec task = layer.get(row);
				String status = statusByTask.getOrDefault(task.id(), "PENDING");
				Node node = new Node(task.id(), 10 + column * COLUMN, 10 + row * ROW, status,
						task.id() + ": " + status + (task.pool() != null ? " (pool " + task.pool() + ")" : ""));
				placed.put(task.id(), node);
				nodes.add(node);
			}
		}
		List<Edge> edges = new ArrayList<>();
		for (TaskSpec task : tasks) {
			Node to = placed.get(task.id());
			for (String upstream : task.dependsOn()) {
				Node from = placed.get(upstream);
				if (from != null && to != null) {
					int x1 = from.x() + NODE_WIDTH;
					int y1 = from.y() + NODE_HEIGHT / 2;
					int x2 = to.x();
					int y2 = to.y() + NODE_HEIGHT / 2;
					int mid = (x1 + x2) / 2;
					edges.add(new Edge(
							"M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2));
				}
			}
		}
		return new DagGraph(20 + (layers.size() - 1) * COLUMN + NODE_WIDTH, 20 + (rows - 1) * ROW + NODE_HEIGHT, nodes,
				edges);
	}

}
