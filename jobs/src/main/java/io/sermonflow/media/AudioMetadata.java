package io.sermonflow.media;

/**
 * What {@code fetch_audio_metadata} learns of a recording. {@code durationSeconds} is
 * what actually decodes; {@code declaredSeconds} is the container's claim (0 when it
 * makes none); {@code loudness} is measured over that decode (null when the meter gave no
 * reading, and in results stored before it was measured).
 */
public record AudioMetadata(double durationSeconds, double declaredSeconds, String container, String codec,
		int sampleRate, int channels, long bitRate, long sizeBytes, String sha256, Loudness loudness) {
}
