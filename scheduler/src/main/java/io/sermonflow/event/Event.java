package io.sermonflow.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened, such as {@code sermon/uploaded}. The id is the idempotency
 * key: one id is recorded once and starts its runs once, however often it is delivered.
 */
public record Event(String name, String id, Map<String, Object> data) {

	public Event {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(id, "id");
		data = (data != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(data)) : Map.of();
	}

	public static Event of(String name, Map<String, Object> data) {
		return new Event(name, UUID.randomUUID().toString(), data);
	}

}
