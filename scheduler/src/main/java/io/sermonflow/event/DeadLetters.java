package io.sermonflow.event;

import java.util.List;

/**
 * The dead letters: events the intake could not process after every receive, kept with
 * the reason so they stay inspectable until an operator redrives them to the main queue,
 * corrected or as they are, or deletes them.
 */
public interface DeadLetters {

	/** The newest first, at most {@code limit}. */
	List<DeadLetter> list(int limit);

	long count();

	/**
	 * Moves these dead letters (none: all) back to the main queue; returns those moved.
	 */
	List<String> redrive(List<String> messageIds);

	/**
	 * Moves one dead letter back with a corrected body, which must be an event; the
	 * original is discarded. False when there is no such dead letter.
	 * @throws InvalidEventException when the corrected body is not an event
	 */
	boolean redriveCorrected(String messageId, String correctedBody);

	boolean delete(String messageId);

}
