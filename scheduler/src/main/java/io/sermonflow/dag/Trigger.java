package io.sermonflow.dag;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An event name that starts a run of the DAG, with an optional filter on the event's
 * data.
 */
public record Trigger(String eventName, Predicate<Map<String, Object>> filter) {

	public Trigger {
		Objects.requireNonNull(eventName, "event name");
		filter = (filter != null) ? filter : (data) -> true;
	}

	public boolean matches(String name, Map<String, Object> data) {
		return this.eventName.equals(name) && this.filter.test(data);
	}

}
