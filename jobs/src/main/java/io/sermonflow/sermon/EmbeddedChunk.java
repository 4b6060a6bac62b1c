package io.sermonflow.sermon;

/** A chunk with its embedding (384 floats for all-MiniLM-L6-v2). */
public record EmbeddedChunk(TranscriptChunk chunk, float[] vector) {
}
