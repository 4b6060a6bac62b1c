package io.sermonflow.sermon.ingest;

import java.time.Duration;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.media.MediaMetrics;

/** A media task's real-time factor: its wall time over the recording's length. */
final class RealTimeFactors {

	private RealTimeFactors() {
	}

	/**
	 * Records and logs the task's real-time factor; returns it (rounded to three places)
	 * for the task's result, where the run page shows it, or null when there is none.
	 */
	static Double logged(MediaMetrics metrics, TaskContext context, String task, String engine, Duration took,
			Double audioSeconds) {
		if (audioSeconds == null) {
			return null;
		}
		double factor = metrics.record(task, engine, took, audioSeconds);
		if (Double.isNaN(factor)) {
			return null;
		}
		context.log(String.format("%s took %.2f× the recording's length", task, factor));
		return Math.round(factor * 1000) / 1000.0;
	}

}
