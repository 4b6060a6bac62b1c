package io.sermonflow.sermon.ingest;

/** The index_chunks task's result. */
public record IndexedChunks(String index, String alias, int documents, String model) {
}
