package io.sermonflow.sermon;

import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.catalog.Catalog;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventSubmission;
import io.sermonflow.fetch.UrlGuard;
import io.sermonflow.media.MediaProperties;
import io.sermonflow.media.MediaStore;
import io.sermonflow.search.ChunkIndex;

import org.springframework.stereotype.Service;

/**
 * Taking in and removing sermons. An upload streams into the media store under a key the
 * server makes, the sermon is recorded as PROCESSING, and {@code sermon/uploaded} starts
 * {@code sermon-ingest}.
 */
@Service
public class Sermons {

	/** The event that runs the pipeline for a sermon of an archive import's bulk. */
	public static final String IMPORTED = "sermon/imported";

	private final JdbcSermonStore store;

	private final MediaStore media;

	private final MediaProperties properties;

	private final EventSubmission events;

	private final ChunkIndex index;

	private final UrlGuard guard;

	private final Catalog catalog;

	Sermons(JdbcSermonStore store, MediaStore media, MediaProperties properties, EventSubmission events,
			ChunkIndex index, UrlGuard guard, Catalog catalog) {
		this.catalog = catalog;
		this.guard = guard;
		this.store = store;
		this.media = media;
		this.properties = properties;
		this.events = events;
		this.index = index;
	}

	/** Returns the new sermon's id and the id of the event that starts its pipeline. */
	public Created upload(SermonDetails details, InputStream audio, String originalName) {
		return upload(details, null, audio, originalName);
	}

	/**
	 * As {@link #upload(SermonDetails, InputStream, String)}, public from
	 * {@code publishAt} (null: once processed).
	 */
	public Created upload(SermonDetails details, Instant publishAt, InputStream audio, String originalName) {
		String folder = this.media.newFolder();
		String sermonId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		try {
			String key = this.media.store(folder, "original", audio, this.properties.maxUploadBytes()).key();
			this.catalog.ensure(details.preacher(), details.series());
			this.store.create(sermonId, details, folder, key, clean(originalName), null, eventId, publishAt);
			this.events.submit(new Event("sermon/uploaded", eventId, eventData(sermonId, details)));
			return new Created(sermonId, eventId);
		}
		catch (RuntimeException ex) {
			// nothing half-accepted: no sermon without its pipeline, no file without its
			// sermon
			this.store.delete(sermonId);
			this.media.deleteFolder(folder);
			throw ex;
		}
	}

	/**
	 * A sermon to fetch from {@code sourceUrl}: the URL is checked now (a refused or
	 * unresolvable one throws {@link io.sermonflow.fetch.RefusedUrlException}), and
	 * checked again when the pipeline fetches it.
	 */
	public Created fromUrl(SermonDetails details, String sourceUrl, Instant publishAt) {
		try {
			this.guard.check(sourceUrl);
		}
		catch (io.sermonflow.fetch.RefusedUrlException ex) {
			throw new io.sermonflow.fetch.RefusedUrlException("Field \"sourceUrl\" is refused: " + ex.getMessage());
		}
		String folder = this.media.newFolder();
		String sermonId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		try {
			this.catalog.ensure(details.preacher(), details.series());
			this.store.create(sermonId, details, folder, null, null, sourceUrl.strip(), eventId, publishAt);
			this.events.submit(new Event("sermon/uploaded", eventId, eventData(sermonId, details)));
			return new Created(sermonId, eventId);
		}
		catch (RuntimeException ex) {
			this.store.delete(sermonId);
			throw ex;
		}
	}

	/**
	 * A sermon from an item of an archive import: fetched from {@code enclosureUrl}
	 * (checked now, as {@link #fromUrl}), with the item's description and, when the feed
	 * gave one, the transcript to use instead of transcribing. {@code eventName} is
	 * {@code sermon/uploaded} for the canary and {@link #IMPORTED} for the bulk.
	 */
	public Created imported(SermonDetails details, String enclosureUrl, String description, String transcriptUrl,
			String transcriptType, String eventName) {
		this.guard.check(enclosureUrl);
		String folder = this.media.newFolder();
		String sermonId = UUID.randomUUID().toString();
		String eventId = UUID.randomUUID().toString();
		try {
			this.catalog.ensure(details.preacher(), details.series());
			this.store.create(sermonId, details, folder, null, null, enclosureUrl.strip(), eventId, null);
			this.store.describe(sermonId, description, transcriptUrl, transcriptType);
			this.events.submit(new Event(eventName, eventId, eventData(sermonId, details)));
			return new Created(sermonId, eventId);
		}
		catch (RuntimeException ex) {
			this.store.delete(sermonId);
			throw ex;
		}
	}

	private static Map<String, Object> eventData(String sermonId, SermonDetails details) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("sermonId", sermonId);
		if (details.churchId() != null) {
			data.put("churchId", details.churchId());
		}
		return data;
	}

	/**
	 * Changes what staff entered (null leaves a field); a preacher or series named for
	 * the first time becomes an entry of its own.
	 */
	public boolean edit(String id, String title, String preacher, java.time.LocalDate preachedOn, String series) {
		this.catalog.ensure(preacher, series);
		return this.store.edit(id, title, preacher, preachedOn, series);
	}

	/**
	 * Sets the description ({@link SermonDetails#description checked}); null clears it.
	 */
	public boolean describe(String id, String description) {
		return this.store.describe(id, description);
	}

	/** Media, transcript, chunks and index entries go with it. */
	public boolean delete(String sermonId) {
		return this.store.find(sermonId).map((sermon) -> {
			this.index.delete(sermonId, this.store.chunks(sermonId).size());
			this.store.delete(sermonId);
			this.media.deleteFolder(sermon.mediaFolder());
			return true;
		}).orElse(false);
	}

	/** A client's file name is kept for display only, never as a path. */
	private static String clean(String name) {
		if (name == null) {
			return null;
		}
		String base = name.replaceAll("[\\p{Cntrl}]", "").replaceAll(".*[/\\\\]", "");
		return (base.length() > 300) ? base.substring(0, 300) : base;
	}

	public record Created(String sermonId, String eventId) {
	}

}
