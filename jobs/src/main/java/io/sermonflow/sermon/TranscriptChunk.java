package io.sermonflow.sermon;

/** A time window of a transcript, the unit that is embedded and searched. */
public record TranscriptChunk(int seq, double start, double end, String text) {
}
