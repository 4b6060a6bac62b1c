package io.sermonflow.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.run.RunStats.TaskAttempt;
import io.sermonflow.web.Durations;

/**
 * A run's timeline as SVG: one bar per attempt of each task (Spring Batch step
 * executions), from the run's first start to its last end.
 */
public record Gantt(int width, int height, List<Bar> bars, String span) {

	static final int LABEL = 190;

	static final int PLOT = 560;

	static final int ROW = 22;

	/** One attempt: where its bar goes, its colour class and its tooltip. */
	public record Bar(String label, int y, int x, int width, String status, String title) {

		public int textY() {
			return this.y + 15;
		}

	}

	public static Gantt of(List<TaskAttempt> attempts, Instant now) {
		if (attempts.isEmpty()) {
			return new Gantt(LABEL + PLOT, 0, List.of(), "");
		}
		Instant first = null;
		Instant last = null;
		for (TaskAttempt attempt : attempts) {
			if (attempt.startedAt() != null) {
				first = (first == null || attempt.startedAt().isBefore(first)) ? attempt.startedAt() : first;
				Instant end = (attempt.endedAt() != null) ? attempt.endedAt() : now;
				last = (last == null || end.isAfter(last)) ? end : last;
			}
		}
		if (first == null) {
			return new Gantt(LABEL + PLOT, 0, List.of(), "");
		}
		double span = Math.max(1, Duration.between(first, last).toMillis());
		Map<String, Integer> tries = new HashMap<>();
		List<Bar> bars = new ArrayList<>();
		for (TaskAttempt attempt : attempts) {
			if (attempt.startedAt() == null) {
				continue;
			}
			int n = tries.merge(attempt.taskId(), 1, Integer::sum);
			Instant end = (attempt.endedAt() != null) ? attempt.endedAt() : now;
			int x = LABEL + (int) (Duration.between(first, attempt.startedAt()).toMillis() / span * PLOT);
			int width = Math.max(2, (int) (Duration.between(attempt.startedAt(), end).toMillis() / span * PLOT));
			String label = attempt.taskId() + ((n > 1) ? " #" + n : "");
			bars.add(new Bar(label, bars.size() * ROW, x, Math.min(width, LABEL + PLOT - x), status(attempt.status()),
					label + ": " + attempt.status() + ", " + Duration.between(attempt.startedAt(), end).toMillis()
							+ " ms"));
		}
		return new Gantt(LABEL + PLOT, bars.size() * ROW, bars, Durations.of(Duration.between(first, last)));
	}

	/** Spring Batch's status words in our task vocabulary, for colours. */
	private static String status(String batchStatus) {
		return switch (batchStatus) {
			case "COMPLETED" -> "SUCCEEDED";
			case "FAILED", "ABANDONED", "UNKNOWN" -> "FAILED";
			case "STOPPED", "STOPPING" -> "CANCELLED";
			default -> "RUNNING";
		};
	}

}
