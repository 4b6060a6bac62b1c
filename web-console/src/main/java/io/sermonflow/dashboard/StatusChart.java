package io.sermonflow.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.run.RunStats.StatusCount;
import io.sermonflow.run.RunStatus;

/**
 * Runs created per hour over the last day, stacked by how they stand, as SVG bars; with
 * the day's totals, success rate and retries.
 */
public record StatusChart(List<Segment> segments, List<Tick> ticks, long max, Map<RunStatus, Long> totals, long retries,
		String successRate) {

	static final int HOURS = 24;

	static final int BAR = 22;

	static final int HEIGHT = 120;

	/** One coloured piece of one hour's bar. */
	public record Segment(int x, int y, int height, String status, String title) {
	}

	/** An hour label under the bars. */
	public record Tick(int x, String label, String at) {
	}

	public static StatusChart of(List<StatusCount> counts, Instant now) {
		Instant start = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
		List<Map<RunStatus, Long>> hours = new ArrayList<>();
		for (int i = 0; i < HOURS; i++) {
			hours.add(new EnumMap<>(RunStatus.class));
		}
		Map<RunStatus, Long> totals = new EnumMap<>(RunStatus.class);
		long retries = 0;
		for (StatusCount count : counts) {
			int index = (int) Duration.between(start, count.hour()).toHours();
			if (index >= 0 && index < HOURS) {
				hours.get(index).merge(count.status(), count.runs(), Long::sum);
				totals.merge(count.status(), count.runs(), Long::sum);
				retries += count.retries();
			}
		}
		long max = 1;
		for (Map<RunStatus, Long> hour : hours) {
			max = Math.max(max, hour.values().stream().mapToLong(Long::longValue).sum());
		}
		List<Segment> segments = new ArrayList<>();
		List<Tick> ticks = new ArrayList<>();
		for (int i = 0; i < HOURS; i++) {
			int x = 30 + i * BAR;
			int y = HEIGHT;
			Instant hour = start.plus(Duration.ofHours(i));
			for (RunStatus status : RunStatus.values()) {
				long runs = hours.get(i).getOrDefault(status, 0L);
				if (runs > 0) {
					int height = Math.max(1, (int) Math.round(runs * (double) (HEIGHT - 10) / max));
					y -= height;
					segments.add(new Segment(x, y, height, status.name(), runs + " " + status.name().toLowerCase()
							+ " (runs created in the hour from " + hour + ")"));
				}
			}
			if (i % 4 == 0) {
				ticks.add(new Tick(x, hour.toString().substring(11, 16), hour.toString()));
			}
		}
		long succeeded = totals.getOrDefault(RunStatus.SUCCEEDED, 0L);
		long failed = totals.getOrDefault(RunStatus.FAILED, 0L);
		String rate = (succeeded + failed == 0) ? "–"
				: String.format("%.1f %%", 100.0 * succeeded / (succeeded + failed));
		return new StatusChart(segments, ticks, max, totals, retries, rate);
	}

	public long total(String status) {
		return this.totals.getOrDefault(RunStatus.valueOf(status), 0L);
	}

}
