package io.sermonflow.sermon.ingest;

import io.sermonflow.media.Renditions;

/**
 * The transcode task's result: the renditions made, and the transcode's wall time over
 * the recording's length, which the run page shows.
 */
public record Transcoded(Renditions renditions, Double realTimeFactor) {
}
