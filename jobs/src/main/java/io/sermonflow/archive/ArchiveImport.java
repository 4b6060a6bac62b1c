package io.sermonflow.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** An archive import as stored, with its items and how far it has come. */
public record ArchiveImport(String id, String feedUrl, String feedTitle, ImportState state, int canarySize,
		boolean seriesFromFeed, String churchId, String error, String createdBy, Instant createdAt, Instant updatedAt,
		String continuedBy, Instant continuedAt) {

	/** One item of the feed, and what became of it. */
	public record Item(int n, String guid, String title, LocalDate publishedOn, String enclosureUrl, String preacher,
			String transcriptUrl, String transcriptType, Double durationSeconds, boolean canary, ImportState.Item state,
			String sermonId, String reason, Instant releasedAt, Instant finishedAt) {

		public boolean usesGivenTranscript() {
			return this.transcriptUrl != null;
		}

	}

	/**
	 * Counts by item state; the audio done so far; the measured pace in audio-hours per
	 * wall-clock hour (null until an item is done) and the time left at that pace (null
	 * when unknown or nothing is left).
	 */
	public record Progress(Map<ImportState.Item, Integer> counts, int found, double doneAudioSeconds,
			Double audioHoursPerHour, Long etaSeconds, Instant eta) {

		public int count(ImportState.Item state) {
			return this.counts.getOrDefault(state, 0);
		}

		public int remaining() {
			return count(ImportState.Item.PENDING) + count(ImportState.Item.RUNNING);
		}

	}

	/** An import with its items and progress, as the API and the console show it. */
	public record Report(ArchiveImport archiveImport, List<Item> items, Progress progress) {
	}

	/**
	 * What an import of a feed would do, without starting anything: items found, new,
	 * already imported, unusable (with reasons), those whose transcript would be reused,
	 * the audio to process (known from {@code itunes:duration}) and the time it would
	 * take at the measured pace.
	 */
	public record Plan(String feedTitle, int found, int newItems, int alreadyImported, int unusable,
			int reuseTranscripts, double knownAudioHours, int unknownDurations, Double audioHoursPerHour,
			Long estimatedSeconds, List<Map<String, Object>> items) {
	}

}
