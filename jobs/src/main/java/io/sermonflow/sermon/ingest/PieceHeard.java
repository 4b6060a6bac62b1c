package io.sermonflow.sermon.ingest;

/**
 * What a piece of the transcription heard: its transcript by reference, and its words.
 */
record PieceHeard(String key, int words) {
}
