package io.sermonflow.listen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.sermonflow.media.MediaStore;
import io.sermonflow.media.Renditions;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What listeners stream: a published sermon's HLS playlists and segments, and its
 * progressive file with single byte ranges (Spring serves the 206, {@code Content-Range},
 * 416 and conditional requests from the ETag and Last-Modified set here). Anything not
 * published, or not one of the sermon's own files, is a plain 404. Files are found by the
 * sermon's stored keys; nothing of the URL becomes a path but a validated variant and
 * segment name.
 */
@RestController
@RequestMapping("/listen/{id}")
class Streaming {

	static final MediaType PLAYLIST = MediaType.parseMediaType("application/vnd.apple.mpegurl");

	static final MediaType SEGMENT = MediaType.parseMediaType("video/mp2t");

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final JsonMapper json;

	Streaming(JdbcSermonStore sermons, MediaStore media, JsonMapper json) {
		this.sermons = sermons;
		this.media = media;
		this.json = json;
	}

	@GetMapping("/master.m3u8")
	ResponseEntity<Resource> master(@PathVariable String id) {
		return published(id).map((p) -> serve(p.renditions().masterPlaylist(), PLAYLIST, playlistCache()))
			.orElseGet(Streaming::notFound);
	}

	@GetMapping("/hls/{variant:64k|128k}/index.m3u8")
	ResponseEntity<Resource> variant(@PathVariable String id, @PathVariable String variant) {
		return published(id)
			.map((p) -> serve(MediaStore.key(p.sermon().mediaFolder(), "hls/" + variant + "/index.m3u8"), PLAYLIST,
					playlistCache()))
			.orElseGet(Streaming::notFound);
	}

	@GetMapping("/hls/{variant:64k|128k}/{segment:segment_\\d{5}\\.ts}")
	ResponseEntity<Resource> segment(@PathVariable String id, @PathVariable String variant,
			@PathVariable String segment) {
		return published(id)
			.map((p) -> serve(MediaStore.key(p.sermon().mediaFolder(), "hls/" + variant + "/" + segment), SEGMENT,
					CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable()))
			.orElseGet(Streaming::notFound);
	}

	@GetMapping("/audio")
	ResponseEntity<Resource> audio(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_RANGE, required = false) String ifRange) {
		return published(id)
			.map((p) -> serve(p.renditions().progressive(), MediaType.parseMediaType("audio/mp4"),
					CacheControl.maxAge(Duration.ofDays(1)).cachePublic(), ifRange))
			.orElseGet(Streaming::notFound);
	}

	private static CacheControl playlistCache() {
		return CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();
	}

	private Optional<Published> published(String id) {
		if (id.length() > 40) {
			return Optional.empty();
		}
		return this.sermons.find(id)
			.filter((s) -> s.status() == Sermon.Status.PUBLISHED && s.renditionsJson() != null)
			.map((s) -> new Published(s, this.json.readValue(s.renditionsJson(), Renditions.class)));
	}

	private ResponseEntity<Resource> serve(String key, MediaType type, CacheControl cache) {
		return serve(key, type, cache, null);
	}

	/**
	 * Spring answers the Range header but not If-Range: when the client's copy is not
	 * this file (a different validator), the whole file goes out, as RFC 9110 requires,
	 * in a body Spring does not cut into ranges.
	 */
	private ResponseEntity<Resource> serve(String key, MediaType type, CacheControl cache, String ifRange) {
		Path file;
		try {
			file = this.media.resolve(key);
		}
		catch (IllegalArgumentException ex) {
			return notFound();
		}
		if (!Files.isRegularFile(file)) {
			return notFound();
		}
		try {
			long size = Files.size(file);
			long modified = Files.getLastModifiedTime(file).toMillis();
			String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
			if (ifRange != null && !rangeStillValid(ifRange, etag, modified)) {
				return ResponseEntity.ok()
					.contentType(type)
					.cacheControl(cache)
					.eTag(etag)
					.lastModified(modified)
					.contentLength(size)
					.body(new InputStreamResource(Files.newInputStream(file)));
			}
			return ResponseEntity.ok()
				.contentType(type)
				.cacheControl(cache)
				.eTag(etag)
				.lastModified(modified)
				.header("Accept-Ranges", "bytes")
				.body(new FileSystemResource(file));
		}
		catch (IOException ex) {
			return notFound();
		}
	}

	private static boolean rangeStillValid(String ifRange, String etag, long modified) {
		String value = ifRange.strip();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			// a strong comparison: a weak validator never matches
			return value.equals(etag);
		}
		try {
			return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
				.toInstant()
				.getEpochSecond() == modified / 1000;
		}
		catch (java.time.format.DateTimeParseException ex) {
			return false;
		}
	}

	private static ResponseEntity<Resource> notFound() {
		return ResponseEntity.notFound().build();
	}

	private record Published(Sermon sermon, Renditions renditions) {
	}

}
