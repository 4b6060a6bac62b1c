package io.sermonflow.media;

import java.util.List;

/**
 * The streamable forms of a recording, as media keys: an HLS master playlist over AAC
 * variants, one progressive M4A, and waveform peaks (JSON, 10 per second, 0 to 1).
 */
public record Renditions(String masterPlaylist, List<Variant> variants, String progressive, String peaks,
		int segmentSeconds, double loudnessTarget) {

	/** One HLS variant: its bit rate in kbit/s and its playlist's key. */
	public record Variant(int kbps, int channels, String playlist) {
	}

}
