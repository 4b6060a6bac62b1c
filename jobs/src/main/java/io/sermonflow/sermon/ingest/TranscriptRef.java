package io.sermonflow.sermon.ingest;

/**
 * The transcribe task's result: the transcript passes by reference (a media key);
 * {@code realTimeFactor} is the transcription's wall time over the recording's length
 * (null when the source gave its own transcript).
 */
public record TranscriptRef(String engine, String language, String key, int segments, int words, Double realTimeFactor,
		boolean adaptedVoice) {
}
