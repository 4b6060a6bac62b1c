package io.sermonflow.sermon;

import java.time.Instant;
import java.time.LocalDate;

/** A sermon as stored: what staff entered, and what the pipeline made of it. */
public record Sermon(String id, String title, String preacher, LocalDate preachedOn, String series, String language,
		String churchId, Status status, String error, String mediaFolder, String originalKey, String originalName,
		String sourceUrl, Double durationSeconds, String metadataJson, String renditionsJson, String eventId,
		Instant createdAt, Instant updatedAt, Instant publishedAt) {

	public enum Status {

		PROCESSING, PUBLISHED, FAILED

	}

}
