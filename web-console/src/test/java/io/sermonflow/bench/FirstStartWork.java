package io.sermonflow.bench;

import java.util.concurrent.TimeUnit;

import io.sermonflow.scripture.VerseIndex;
import io.sermonflow.transcript.vocabulary.Vocabulary;

import org.springframework.context.ApplicationContext;

/**
 * A node's first start on a fresh installation loads the Bible text, embeds every verse
 * and builds the sermon vocabulary: minutes of CPU in the background. A benchmark
 * measures a settled node, so it waits for that work first (measured: with it under way,
 * event → first task p50 was 88 s at 100 events/s; after it, 36 s).
 */
final class FirstStartWork {

	private FirstStartWork() {
	}

	/**
	 * Waits until the verse index is built and the vocabulary no longer building, for at
	 * most {@code minutes}.
	 */
	static void await(ApplicationContext app, int minutes) throws InterruptedException {
		VerseIndex verses = app.getBean(VerseIndex.class);
		Vocabulary vocabulary = app.getBean(Vocabulary.class);
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MINUTES.toNanos(minutes);
		while (!verses.ready() || vocabulary.state() == Vocabulary.State.BUILDING) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("first-start work still running after " + minutes + " minutes");
			}
			Thread.sleep(1000);
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
		if (seconds > 0) {
			System.err.println("waited " + seconds + " s for the node's first-start work");
		}
	}

}
