package io.sermonflow.media;

/**
 * What {@code fetch_audio_metadata} learns of a recording. {@code durationSeconds} is
 * what actually decodes; {@code declaredSeconds} is the container's claim (0 when it
 * makes none).
 */
public record AudioMetadata(double durationSeconds, double declaredSeconds, String container, String codec,
		int sampleRate, int channels, long bitRate, long sizeBytes, String sha256) {
}
