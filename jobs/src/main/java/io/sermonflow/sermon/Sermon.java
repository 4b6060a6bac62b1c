package io.sermonflow.sermon;

import java.time.Instant;
import java.time.LocalDate;

/** A sermon as stored: what staff entered, and what the pipeline made of it. */
public record Sermon(String id, String title, String preacher, LocalDate preachedOn, String series, String language,
		String churchId, Status status, String error, String mediaFolder, String originalKey, String originalName,
		String sourceUrl, Double durationSeconds, String metadataJson, String renditionsJson, String eventId,
		Instant createdAt, Instant updatedAt, Instant publishedAt, Instant publishAt, Instant readyAt, String seriesId,
		String preacherId, String description, TranscriptState transcriptState, String transcriptError) {

	/**
	 * Where the transcript stands once the audio is public (listenable first): on its
	 * way, ready, or failed ({@code transcriptError} says why) while the audio stays
	 * public.
	 */
	public enum TranscriptState {

		PROCESSING, READY, FAILED

	}

	/**
	 * Where a sermon stands. Only PUBLISHED is public; SCHEDULED and UNPUBLISHED are
	 * processed sermons that listeners cannot see (yet, or any more).
	 */
	public enum Status {

		PROCESSING, SCHEDULED, PUBLISHED, UNPUBLISHED, FAILED;

		/** Processing finished and the sermon did not fail: it may be shown. */
		public boolean isProcessed() {
			return this == SCHEDULED || this == PUBLISHED || this == UNPUBLISHED;
		}

		/**
		 * A status as given in a filter, in any case; an unknown one is an
		 * {@link IllegalArgumentException} naming the parameter and the choices.
		 */
		public static Status parse(String value, String parameter) {
			try {
				return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Parameter \"" + parameter + "\" must be one of "
						+ java.util.Arrays.toString(values()).replaceAll("[\\[\\]]", ""));
			}
		}

	}

}
