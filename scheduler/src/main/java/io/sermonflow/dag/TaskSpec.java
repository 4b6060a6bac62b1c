package io.sermonflow.dag;

import java.util.List;
import java.util.Objects;

/**
 * One node of a DAG: an id, the tasks it waits for, and its work, either a
 * {@link TaskFunction} returning one result or a {@link ChunkSpec} working through many
 * items.
 */
public record TaskSpec(String id, List<String> dependsOn, TaskFunction function, ChunkSpec<?, ?> chunk) {

	public TaskSpec {
		Objects.requireNonNull(id, "task id");
		if ((function == null) == (chunk == null)) {
			throw new IllegalArgumentException("task " + id + " needs either a function or a chunk spec");
		}
		dependsOn = List.copyOf(dependsOn);
	}

	public boolean isChunked() {
		return this.chunk != null;
	}

}
