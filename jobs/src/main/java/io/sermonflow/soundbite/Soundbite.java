package io.sermonflow.soundbite;

import java.time.Instant;

/**
 * A short clip of a sermon staff marked for sharing (Podcasting 2.0
 * {@code podcast:soundbite}): where it starts and how long it lasts, in seconds.
 */
public record Soundbite(String id, String sermonId, double start, double duration, String title, String createdBy,
		Instant createdAt) {

	public static final double MIN_SECONDS = 15;

	public static final double MAX_SECONDS = 120;

	public static final int MAX_TITLE = 128;

	public double end() {
		return this.start + this.duration;
	}

}
