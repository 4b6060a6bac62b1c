package io.sermonflow.sermon.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.error.PermanentException;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.sermon.EmbeddedChunk;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonTasks;
import io.sermonflow.sermon.TranscriptChunk;
import io.sermonflow.transcript.Transcript;

import org.springframework.stereotype.Component;

/**
 * The tasks of {@code sermon-refresh}: after a transcript edit, re-derive only what
 * depends on the edited text. The transcript is chunked again; a chunk whose text is
 * unchanged keeps its vector (chunks are matched by content, so a shifted window that
 * reads the same is not embedded again); only chunks that changed are written and
 * indexed, and chunks past the new end leave the index. Audio is not touched; captions
 * and the feed render again because the sermon changed.
 */
@Component
class TranscriptRefresh {

	private final JdbcSermonStore sermons;

	private final Embedder embedder;

	private final ChunkIndex index;

	TranscriptRefresh(JdbcSermonStore sermons, Embedder embedder, ChunkIndex index) {
		this.sermons = sermons;
		this.embedder = embedder;
		this.index = index;
	}

	Rechunked rechunk(TaskContext context) {
		String sermonId = SermonTasks.sermonId(context);
		Transcript transcript = this.sermons.transcript(sermonId)
			.orElseThrow(() -> new PermanentException("Sermon " + sermonId + " has no transcript"));
		List<TranscriptChunk> chunks = Chunker.chunks(transcript);
		List<EmbeddedChunk> before = this.sermons.chunks(sermonId);
		Map<String, float[]> known = this.sermons.vectorsByText(sermonId, Embedder.MODEL);
		List<TranscriptChunk> changed = new ArrayList<>();
		for (TranscriptChunk chunk : chunks) {
			boolean same = chunk.seq() < before.size() && before.get(chunk.seq()).chunk().equals(chunk)
					&& before.get(chunk.seq()).vector() != null;
			if (!same) {
				changed.add(chunk);
			}
		}
		// just approved: every chunk is new to the index, though none changed
		List<Integer> toIndex = Boolean.TRUE.equals(context.data().get("approved"))
				? chunks.stream().map(TranscriptChunk::seq).toList()
				: changed.stream().map(TranscriptChunk::seq).toList();
		List<TranscriptChunk> toEmbed = changed.stream().filter((chunk) -> !known.containsKey(chunk.text())).toList();
		List<float[]> vectors = new ArrayList<>();
		for (int from = 0; from < toEmbed.size(); from += SermonPipeline.EMBED_BATCH) {
			List<TranscriptChunk> batch = toEmbed.subList(from,
					Math.min(toEmbed.size(), from + SermonPipeline.EMBED_BATCH));
			vectors.addAll(this.embedder.embed(batch.stream().map(TranscriptChunk::text).toList()));
		}
		for (int i = 0; i < toEmbed.size(); i++) {
			known.put(toEmbed.get(i).text(), vectors.get(i));
		}
		this.sermons.saveChunks(sermonId,
				changed.stream().map((chunk) -> new EmbeddedChunk(chunk, known.get(chunk.text()))).toList(),
				Embedder.MODEL);
		this.sermons.trimChunks(sermonId, chunks.size());
		context
			.log("re-embedded " + toEmbed.size() + " of " + chunks.size() + " chunks; " + changed.size() + " changed");
		return new Rechunked(chunks.size(), toEmbed.size(), toIndex, before.size());
	}

	Map<String, Object> indexChanged(TaskContext context) {
		String sermonId = SermonTasks.sermonId(context);
		Rechunked rechunked = context.result("rechunk", Rechunked.class);
		if (!this.sermons.transcriptApproved(sermonId)) {
			// the review gate: nothing of it is searchable before approval
			return Map.of("indexed", 0, "waiting", "transcript review");
		}
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new PermanentException("There is no sermon " + sermonId));
		List<EmbeddedChunk> chunks = this.sermons.chunks(sermonId);
		List<ChunkIndex.Document> documents = chunks.stream()
			.filter((chunk) -> rechunked.toIndex().contains(chunk.chunk().seq()))
			.map((chunk) -> chunk.document(sermonId, sermon.title()))
			.toList();
		int indexed = this.index.index(this.index.ensure(), documents);
		int removed = Math.max(0, rechunked.before() - rechunked.chunks());
		this.index.delete(sermonId, rechunked.chunks(), rechunked.before());
		return Map.of("indexed", indexed, "removed", removed);
	}

	/**
	 * The chunks the transcript now makes, how many were embedded again, which positions
	 * are to be indexed (those that changed, or all once approved), and how many there
	 * were before.
	 */
	record Rechunked(int chunks, int reembedded, List<Integer> toIndex, int before) {
	}

}
