package io.sermonflow.dag;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task that works through many items: read, optionally process, and write in chunks of
 * {@code commitInterval}, each chunk committed with its progress. A restart resumes after
 * the last committed chunk, so the source must yield the same items in the same order
 * when reopened, and the sink should be idempotent per item (deterministic ids).
 *
 * @param <I> the items read
 * @param <O> the items written
 */
public record ChunkSpec<I, O>(Source<I> source, Processor<I, O> processor, Sink<O> sink, int commitInterval,
		int retryLimit, int skipLimit, Map<String, Object> labels) {

	public ChunkSpec(Source<I> source, Processor<I, O> processor, Sink<O> sink, int commitInterval, int retryLimit,
			int skipLimit) {
		this(source, processor, sink, commitInterval, retryLimit, skipLimit, Map.of());
	}

	/**
	 * Fixed facts added to the task's result beside its counts, such as the model that
	 * embedded the items.
	 */
	public ChunkSpec<I, O> withLabels(Map<String, Object> labels) {
		return new ChunkSpec<>(this.source, this.processor, this.sink, this.commitInterval, this.retryLimit,
				this.skipLimit, labels);
	}

	public ChunkSpec {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(processor, "processor");
		Objects.requireNonNull(sink, "sink");
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		if (commitInterval < 1 || retryLimit < 0 || skipLimit < 0) {
			throw new IllegalArgumentException("commitInterval >= 1, retryLimit and skipLimit >= 0");
		}
	}

	/** Opens the items of a run. */
	@FunctionalInterface
	public interface Source<I> {

		/**
		 * The items in a stable order; {@code total} is reported as progress when known.
		 */
		Items<I> open(TaskContext context) throws Exception;

	}

	/** A stream of items: {@code next()} returns null after the last one. */
	public interface Items<I> extends AutoCloseable {

		I next() throws Exception;

		/** How many items there are, or -1 when unknown. */
		default long total() {
			return -1;
		}

		@Override
		default void close() throws Exception {
		}

	}

	/** Turns an item into what is written; null filters it out. */
	@FunctionalInterface
	public interface Processor<I, O> {

		O process(I item, TaskContext context) throws Exception;

	}

	/** Writes one chunk, inside the chunk's transaction. */
	@FunctionalInterface
	public interface Sink<O> {

		void write(List<? extends O> items, TaskContext context) throws Exception;

	}

}
