package io.sermonflow.sermon;

import io.sermonflow.embedding.Embedder;
import io.sermonflow.search.ChunkIndex;

/** A chunk with its embedding (384 floats for all-MiniLM-L6-v2). */
public record EmbeddedChunk(TranscriptChunk chunk, float[] vector) {

	/** The chunk as indexed for its sermon. */
	public ChunkIndex.Document document(String sermonId, String title) {
		return new ChunkIndex.Document(sermonId, this.chunk.seq(), this.chunk.start(), this.chunk.end(), title,
				this.chunk.text(), Embedder.MODEL, this.vector);
	}

}
