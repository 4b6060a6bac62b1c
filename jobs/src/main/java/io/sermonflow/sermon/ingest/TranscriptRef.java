package io.sermonflow.sermon.ingest;

/** The transcribe task's result: the transcript passes by reference (a media key). */
public record TranscriptRef(String engine, String language, String key, int segments, int words) {
}
