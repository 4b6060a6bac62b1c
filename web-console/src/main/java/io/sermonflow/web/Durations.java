package io.sermonflow.web;

import java.time.Duration;
import java.time.Instant;

/** Durations as people read them: 850 ms, 12.4 s, 3 min 5 s, 2 h 4 min. */
public final class Durations {

	private Durations() {
	}

	public static String of(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 60_000) {
			return String.format("%.1f s", millis / 1000.0);
		}
		long seconds = millis / 1000;
		if (seconds < 3600) {
			return (seconds / 60) + " min " + (seconds % 60) + " s";
		}
		return (seconds / 3600) + " h " + ((seconds / 60) % 60) + " min";
	}

	/**
	 * From {@code start} to {@code end}, or to {@code now} while it is still going; empty
	 * if it never started.
	 */
	public static String between(Instant start, Instant end, Instant now) {
		if (start == null) {
			return "";
		}
		return of(Duration.between(start, (end != null) ? end : now));
	}

}
