package io.sermonflow.sermon;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;

/** What the steps of every sermon DAG share: the sermon a run is for. */
public final class SermonTasks {

	private SermonTasks() {
	}

	/** The run's {@code sermonId}; a run without one fails for good, naming the field. */
	public static String sermonId(TaskContext context) {
		Object id = context.data().get("sermonId");
		if (!(id instanceof String value) || value.isBlank()) {
			throw new PermanentException("The event's data lacks \"sermonId\"");
		}
		return value;
	}

}
