package io.sermonflow.event;

import java.time.Instant;
import java.util.Map;

/**
 * An event as stored: accepted by the API (or the intake) and recorded by the intake;
 * {@code submittedBy} names who sent it through the API.
 */
public record EventRecord(String eventId, String name, Map<String, Object> data, Instant acceptedAt, Instant recordedAt,
		String traceparent, String submittedBy) {
}
