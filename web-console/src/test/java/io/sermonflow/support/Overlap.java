package io.sermonflow.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** How many runs or tasks were active at one instant, from their recorded times. */
public final class Overlap {

	private Overlap() {
	}

	/**
	 * The most runs (or tasks) active at one instant, from their recorded
	 * {@code startedAt} and {@code endedAt}.
	 */
	public static int max(List<JsonNode> runs) {
		List<Map.Entry<Instant, Integer>> edges = new ArrayList<>();
		for (JsonNode run : runs) {
			edges.add(Map.entry(Instant.parse(run.get("startedAt").asString()), 1));
			edges.add(Map.entry(Instant.parse(run.get("endedAt").asString()), -1));
		}
		// an end at the same instant as a start frees its slot first
		edges.sort(Map.Entry.<Instant, Integer>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
		int active = 0;
		int max = 0;
		for (Map.Entry<Instant, Integer> edge : edges) {
			active += edge.getValue();
			max = Math.max(max, active);
		}
		return max;
	}

}
