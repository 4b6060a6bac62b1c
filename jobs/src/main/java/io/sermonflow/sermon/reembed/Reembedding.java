package io.sermonflow.sermon.reembed;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.ChunkSpec;
import io.sermonflow.dag.TaskContext;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.error.PermanentException;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.sermon.EmbeddedChunk;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;

import org.springframework.stereotype.Component;

/**
 * The tasks of {@code sermon-reembed}: every transcript chunk embedded again with the
 * current model into a fresh index, the count verified, then the alias swapped in one
 * atomic step and the old index dropped. Search answers from the old index until the
 * swap.
 */
@Component
class Reembedding {

	static final int PAGE = 500;

	static final int BATCH = 32;

	private final JdbcSermonStore sermons;

	private final ChunkIndex index;

	private final Embedder embedder;

	private final Clock clock;

	Reembedding(JdbcSermonStore sermons, ChunkIndex index, Embedder embedder, Clock clock) {
		this.sermons = sermons;
		this.index = index;
		this.embedder = embedder;
		this.clock = clock;
	}

	/** The new index, and the moment that fixes which sermons this run re-embeds. */
	Map<String, Object> createIndex(TaskContext context) {
		return Map.of("index", this.index.createNext(), "startedAt", this.clock.instant().toString());
	}

	ChunkSpec<JdbcSermonStore.ReembedItem, JdbcSermonStore.ReembedItem> reembedChunks() {
		return new ChunkSpec<>((context) -> {
			Instant before = startedAt(context);
			long total = this.sermons.countProcessedChunks(before);
			return new PublishedChunks(before, total);
		}, (item, context) -> item, (items, context) -> {
			String target = newIndex(context);
			List<float[]> vectors = this.embedder.embed(items.stream().map((i) -> i.chunk().text()).toList());
			List<ChunkIndex.Document> documents = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				JdbcSermonStore.ReembedItem item = items.get(i);
				EmbeddedChunk embedded = new EmbeddedChunk(item.chunk(), vectors.get(i));
				this.sermons.saveChunks(item.sermonId(), List.of(embedded), Embedder.MODEL);
				documents.add(embedded.document(item.sermonId(), item.title()));
			}
			this.index.index(target, documents);
		}, BATCH, 0, 0);
	}

	Map<String, Object> verifyCount(TaskContext context) {
		String target = newIndex(context);
		long expected = this.sermons.countProcessedChunks(startedAt(context));
		long indexed = this.index.count(target);
		if (indexed != expected) {
			throw new PermanentException("The new index " + target + " holds " + indexed + " chunks, expected "
					+ expected + "; the alias stays on the old index");
		}
		return Map.of("index", target, "documents", indexed);
	}

	/**
	 * Sermons processed while this ran went to the old index: they are copied into the
	 * new one first, then the alias moves.
	 */
	Map<String, Object> swapAlias(TaskContext context) {
		String target = newIndex(context);
		int caughtUp = 0;
		for (String sermonId : this.sermons.processedSince(startedAt(context))) {
			if (!this.sermons.transcriptApproved(sermonId)) {
				continue;
			}
			String title = this.sermons.find(sermonId).map(Sermon::title).orElse("");
			List<ChunkIndex.Document> documents = this.sermons.chunks(sermonId)
				.stream()
				.filter((c) -> c.vector() != null)
				.map((c) -> c.document(sermonId, title))
				.toList();
			caughtUp += this.index.index(target, documents);
		}
		this.index.swapTo(target);
		return Map.of("alias", this.index.alias(), "index", target, "caughtUp", caughtUp);
	}

	@SuppressWarnings("unchecked")
	private static String newIndex(TaskContext context) {
		return (String) context.result("create_index", Map.class).get("index");
	}

	@SuppressWarnings("unchecked")
	private static Instant startedAt(TaskContext context) {
		return Instant.parse((String) context.result("create_index", Map.class).get("startedAt"));
	}

	/** The chunks to re-embed, a page at a time in (sermon, seq) order. */
	private final class PublishedChunks implements ChunkSpec.Items<JdbcSermonStore.ReembedItem> {

		private final Instant before;

		private final long total;

		private final List<JdbcSermonStore.ReembedItem> page = new ArrayList<>();

		private String lastSermon = "";

		private int lastSeq = -1;

		PublishedChunks(Instant before, long total) {
			this.before = before;
			this.total = total;
		}

		@Override
		public JdbcSermonStore.ReembedItem next() {
			if (this.page.isEmpty()) {
				this.page
					.addAll(Reembedding.this.sermons.processedChunks(this.before, this.lastSermon, this.lastSeq, PAGE));
				if (this.page.isEmpty()) {
					return null;
				}
			}
			JdbcSermonStore.ReembedItem item = this.page.remove(0);
			this.lastSermon = item.sermonId();
			this.lastSeq = item.chunk().seq();
			return item;
		}

		@Override
		public long total() {
			return this.total;
		}

	}

}
