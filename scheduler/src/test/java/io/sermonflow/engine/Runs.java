package io.sermonflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sermonflow.launch.TaskSlots;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;

import static org.awaitility.Awaitility.await;

/** What the engine tests ask of runs: wait for a state, find a task, count overlaps. */
final class Runs {

	private Runs() {
	}

	/** Waits (up to 90 s: a loaded machine) for the run to reach a state. */
	static Run awaitStatus(RunStore runs, String runId, RunStatus status) {
		await().atMost(Duration.ofSeconds(90)).until(() -> runs.find(runId).map(Run::status).orElse(null) == status);
		return runs.find(runId).orElseThrow();
	}

	static TaskRun task(Run run, String taskId) {
		return run.tasks().stream().filter((task) -> task.taskId().equals(taskId)).findFirst().orElseThrow();
	}

	/**
	 * For tests that count how many tasks ran side by side: the node's task slots are all
	 * free before they start, whatever an earlier test left running.
	 */
	static void awaitIdle(TaskSlots slots) {
		await().atMost(Duration.ofSeconds(60)).until(() -> slots.workers().free() == slots.capacity());
	}

	/** The most runs active at one instant, from their recorded start and end. */
	static int maxOverlap(List<Run> runs) {
		return maxOverlapOf(runs.stream().map((run) -> new Instant[] { run.startedAt(), run.endedAt() }).toList());
	}

	/** The most tasks active at one instant, from their recorded start and end. */
	static int maxTaskOverlap(List<TaskRun> tasks) {
		return maxOverlapOf(tasks.stream().map((task) -> new Instant[] { task.startedAt(), task.endedAt() }).toList());
	}

	/** The most spans active at one instant. */
	static int maxOverlapOf(List<Instant[]> spans) {
		List<Map.Entry<Instant, Integer>> edges = new ArrayList<>();
		for (Instant[] span : spans) {
			edges.add(Map.entry(span[0], 1));
			edges.add(Map.entry(span[1], -1));
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
