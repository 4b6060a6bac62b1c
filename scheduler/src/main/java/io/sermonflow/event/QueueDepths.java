package io.sermonflow.event;

/** How many events wait in the main queue and in the dead-letter queue. */
public interface QueueDepths {

	/**
	 * The depths as last read (they are approximate, and read at most every few seconds).
	 */
	QueueDepth depth();

	record QueueDepth(long main, long deadLetters) {
	}

}
