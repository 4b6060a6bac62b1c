package io.sermonflow.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The figures the benchmarks report: nearest-rank percentiles and per-run ratios. */
public final class Stats {

	private Stats() {
	}

	public static double percentile(List<Double> values, int p) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	public static double median(List<Double> values) {
		return percentile(values, 50);
	}

	/**
	 * The median of {@code values[i] / baseline[i]}: each run against its own baseline.
	 */
	static double ratio(List<Double> values, List<Double> baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			ratios.add(values.get(i) / baseline.get(i));
		}
		return median(ratios);
	}

}
