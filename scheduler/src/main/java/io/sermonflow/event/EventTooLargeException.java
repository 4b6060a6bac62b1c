package io.sermonflow.event;

import io.sermonflow.error.PermanentException;

/**
 * An event bigger than an SQS message carries (256 KiB, attributes included): no retry
 * makes it fit, so it is refused, not called a passing outage.
 */
public class EventTooLargeException extends PermanentException {

	/** What one SQS message carries, body and attributes together. */
	public static final long MAX_MESSAGE_BYTES = 256 * 1024;

	public EventTooLargeException(long bytes, long maxBytes) {
		super("The event is " + bytes + " bytes as a message; SQS carries at most " + maxBytes
				+ " bytes (256 KiB) with its attributes. Pass large data by reference: store it and send its key "
				+ "or URL in the event.");
	}

}
