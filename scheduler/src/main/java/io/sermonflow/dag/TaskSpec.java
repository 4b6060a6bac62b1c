package io.sermonflow.dag;

import java.util.List;
import java.util.Objects;

/** One node of a DAG: an id, the tasks it waits for and its work. */
public record TaskSpec(String id, List<String> dependsOn, TaskFunction function) {

	public TaskSpec {
		Objects.requireNonNull(id, "task id");
		Objects.requireNonNull(function, "task function");
		dependsOn = List.copyOf(dependsOn);
	}

}
