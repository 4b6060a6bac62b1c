package io.sermonflow.archive;

import java.time.LocalDate;
import java.util.List;

/** A podcast feed as read: its title and its items in the feed's order. */
public record Feed(String title, List<Item> items) {

	/**
	 * One item. {@code guid} is the item's guid, or its enclosure URL when it has none
	 * (what podcast apps do); {@code problem} says why the item cannot be imported (null
	 * when it can).
	 */
	public record Item(String guid, String title, LocalDate publishedOn, String description, String enclosureUrl,
			String preacher, String transcriptUrl, String transcriptType, Double durationSeconds, String problem) {

		public boolean hasTranscript() {
			return this.transcriptUrl != null;
		}

	}

}
