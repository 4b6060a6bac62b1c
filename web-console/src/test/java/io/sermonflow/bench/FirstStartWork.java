package io.sermonflow.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A node's first start on a fresh database or data directory loads the Bible text, embeds
 * every verse and builds the sermon vocabulary: minutes of CPU on a background thread
 * each. An engine benchmark measures a settled node, so it waits for that work to end
 * first (measured here: with it under way, event → first task p50 went from tens of
 * milliseconds to 88 s at 100 events/s).
 */
final class FirstStartWork {

	private static final Set<String> THREADS = Set.of("sermonflow-bible", "sermonflow-vocabulary");

	private FirstStartWork() {
	}

	/** Waits until no first-start thread runs, for at most {@code minutes}. */
	static void await(int minutes) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
		long start = System.nanoTime();
		while (running()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("first-start work still running after " + minutes + " minutes");
			}
			Thread.sleep(500);
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
		if (seconds > 0) {
			System.err.println("waited " + seconds + " s for the node's first-start work");
		}
	}

	private static boolean running() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((t) -> t.isAlive() && THREADS.contains(t.getName()));
	}

}
