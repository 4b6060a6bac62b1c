package io.sermonflow.event;

import java.time.Instant;

/**
 * A message the intake could not process {@code receiveCount} times, kept with the
 * reason.
 */
public record DeadLetter(String messageId, String body, int receiveCount, Instant sentAt, Instant deadAt,
		String error) {
}
