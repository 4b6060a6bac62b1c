package io.sermonflow.dag;

import java.util.List;
import java.util.Objects;

/**
 * One node of a DAG: an id, the tasks it waits for, and its work, either a
 * {@link TaskFunction} returning one result or a {@link ChunkSpec} working through many
 * items. A task in a pool holds one of the pool's slots while it runs (null: no pool);
 * its timeout, when set, overrides the DAG's default for its tasks. A mapped task
 * ({@code mapOver} names the upstream task whose result, a list, it is mapped over) runs
 * its function once per item, as pieces that any node with a free slot of its pool may
 * take.
 */
public record TaskSpec(String id, List<String> dependsOn, TaskFunction function, ChunkSpec<?, ?> chunk, String pool,
		TaskTimeout timeout, String mapOver) {

	public TaskSpec {
		Objects.requireNonNull(id, "task id");
		if ((function == null) == (chunk == null)) {
			throw new IllegalArgumentException("task " + id + " needs either a function or a chunk spec");
		}
		dependsOn = List.copyOf(dependsOn);
	}

	public TaskSpec(String id, List<String> dependsOn, TaskFunction function, ChunkSpec<?, ?> chunk) {
		this(id, dependsOn, function, chunk, null, null, null);
	}

	public TaskSpec inPool(String pool) {
		return new TaskSpec(this.id, this.dependsOn, this.function, this.chunk, pool, this.timeout, this.mapOver);
	}

	public TaskSpec timingOutAfter(TaskTimeout timeout) {
		return new TaskSpec(this.id, this.dependsOn, this.function, this.chunk, this.pool, timeout, this.mapOver);
	}

	/** The same task mapped over the list {@code upstream} returns. */
	public TaskSpec mappedOver(String upstream) {
		return new TaskSpec(this.id, this.dependsOn, this.function, this.chunk, this.pool, this.timeout, upstream);
	}

	public boolean isMapped() {
		return this.mapOver != null;
	}

	public boolean isChunked() {
		return this.chunk != null;
	}

}
