package io.sermonflow.catalog;

import java.time.Instant;

/**
 * A series of sermons: its slug names its page and feed and never changes; artwork is a
 * media-store key, or null.
 */
public record Series(String id, String slug, String name, String description, String artworkKey, String artworkType,
		Instant updatedAt) {

	public boolean hasArtwork() {
		return this.artworkKey != null;
	}

}
