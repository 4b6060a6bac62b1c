package io.sermonflow.listen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.sermonflow.chapter.Chapter;
import io.sermonflow.listen.PublishedSermons.Published;
import io.sermonflow.media.MediaStore;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.SermonChapters;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;

/**
 * What listeners stream (served by {@link StreamingFilter}, ahead of the MVC and security
 * chains): a published sermon's HLS playlists and segments, its progressive file with
 * byte ranges, its captions and waveform. Anything not published, or not one of the
 * sermon's own files, is a plain 404. Files are found by the sermon's stored keys;
 * nothing of the URL becomes a path but a validated variant and segment name. With a
 * signing key, a request without a valid token is a 403 before anything is looked up, so
 * a 403 or 404 says nothing about which sermons exist.
 */
@Component
class Streaming {

	static final String PLAYLIST = "application/vnd.apple.mpegurl";

	/** A variant's fragmented MP4, of which players fetch byte ranges. */
	static final String VARIANT_MEDIA = "audio/mp4";

	/** Segments of sermons transcoded before the variants became one file each. */
	static final String TS_SEGMENT = "video/mp2t";

	/** A URI attribute of a playlist tag ({@code #EXT-X-MAP:URI="audio.mp4",…}). */
	private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

	/** The type Podcasting 2.0 gives JSON chapters files. */
	static final String CHAPTERS = "application/json+chapters";

	private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	private static final CacheControl PLAYLIST_CACHE = CacheControl.maxAge(Duration.ofSeconds(60)).cachePublic();

	private static final CacheControl DAILY = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

	private static final byte[] NOTHING = new byte[0];

	private final PublishedSermons published;

	private final RenderCache renders;

	private final JsonMapper json;

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final StreamTokens tokens;

	private final ListenMetrics metrics;

	private final SermonChapters chapters;

	Streaming(PublishedSermons published, JdbcSermonStore sermons, MediaStore media, StreamTokens tokens,
			ListenMetrics metrics, RenderCache renders, JsonMapper json, SermonChapters chapters) {
		this.chapters = chapters;
		this.json = json;
		this.renders = renders;
		this.published = published;
		this.sermons = sermons;
		this.media = media;
		this.tokens = tokens;
		this.metrics = metrics;
	}

	void master(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			FileSender.Sent sent = playlist(sermon.get().renditions().masterPlaylist(), request, response);
			if (sent.status() == 200 && "GET".equals(request.getMethod())) {
				this.metrics.playStarted("hls");
			}
			this.metrics.served("playlist", sent);
		}
	}

	void variant(String id, String variant, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			String key = MediaStore.key(sermon.get().sermon().mediaFolder(), "hls/" + variant + "/index.m3u8");
			this.metrics.served("playlist", playlist(key, request, response));
		}
	}

	/**
	 * A variant's media: its fragmented MP4 (players ask for a segment's byte range), or
	 * an MPEG-TS segment of a sermon transcoded before.
	 */
	void segment(String id, String variant, String segment, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			String key = MediaStore.key(sermon.get().sermon().mediaFolder(), "hls/" + variant + "/" + segment);
			String type = segment.endsWith(".ts") ? TS_SEGMENT : VARIANT_MEDIA;
			this.metrics.served("segment", file(key, type, IMMUTABLE, request, response));
		}
	}

	void audio(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			FileSender.Sent sent = file(sermon.get().renditions().progressive(), "audio/mp4", DAILY, request, response);
			String range = request.getHeader("Range");
			if ("GET".equals(request.getMethod()) && (sent.status() == 200
					|| (sent.status() == 206 && range != null && range.replace(" ", "").startsWith("bytes=0-")))) {
				this.metrics.playStarted("progressive");
			}
			this.metrics.served("audio", sent);
		}
	}

	void peaks(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			file(sermon.get().renditions().peaks(), "application/json", DAILY, request, response);
		}
	}

	void captions(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		transcript(id, TranscriptFiles.Format.VTT, "captions", request, response);
	}

	/**
	 * The transcript as a download: WebVTT, SubRip, plain text or Podcasting 2.0 JSON.
	 */
	void transcript(String id, TranscriptFiles.Format format, String kind, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			byte[] file = this.renders.get(kind, kind + ":" + format + ":" + id, sermon.get().sermon().updatedAt(),
					() -> this.sermons.publicTranscript(id)
						.map((transcript) -> TranscriptFiles.render(format, transcript, this.json))
						.orElse(NOTHING));
			if (file.length == 0) {
				response.sendError(404);
				return;
			}
			this.metrics.served(kind, FileSender.send(request, response, file, format.contentType,
					CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()));
		}
	}

	/**
	 * The chapters as a Podcasting 2.0 JSON chapters file (version 1.2.0); 404 when there
	 * are none listeners may see.
	 */
	void chapters(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<Published> sermon = allowed(id, request, response);
		if (sermon.isPresent()) {
			byte[] file = this.renders.get("chapters", "chapters:" + id, sermon.get().sermon().updatedAt(), () -> {
				List<Chapter> list = this.chapters.publicChapters(id);
				return list.isEmpty() ? NOTHING : this.json.writeValueAsBytes(podcastChapters(list));
			});
			if (file.length == 0) {
				response.sendError(404);
				return;
			}
			this.metrics.served("chapters", FileSender.send(request, response, file, CHAPTERS,
					CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()));
		}
	}

	/** {@code {"version":"1.2.0","chapters":[{"startTime","title"},…]}}. */
	static Map<String, Object> podcastChapters(List<Chapter> chapters) {
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("version", "1.2.0");
		file.put("chapters", chapters.stream().map((chapter) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("startTime", chapter.start());
			entry.put("title", chapter.title());
			return entry;
		}).toList());
		return file;
	}

	/**
	 * The published sermon, when the request may have it; otherwise the 403 or 404 has
	 * been sent.
	 */
	private Optional<Published> allowed(String id, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		StreamTokens.Verdict verdict = this.tokens.check(id, request);
		if (verdict != StreamTokens.Verdict.ALLOWED) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.setContentType("application/problem+json");
			response.setHeader("Cache-Control", "no-store");
			response.getOutputStream()
				.write(("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\""
						+ verdict.reason() + "\"}")
					.getBytes(StandardCharsets.UTF_8));
			return Optional.empty();
		}
		Optional<Published> sermon = this.published.find(id);
		if (sermon.isEmpty()) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
		}
		return sermon;
	}

	/**
	 * A playlist: the stored file, or with signed URLs its copy whose every URI (a line
	 * of its own, or a tag's URI attribute such as the init section's) carries the
	 * request's token on, since players resolve relative URIs without the query.
	 */
	private FileSender.Sent playlist(String key, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (!this.tokens.required()) {
			return file(key, PLAYLIST, PLAYLIST_CACHE, request, response);
		}
		Path file = resolve(key);
		String text;
		try {
			text = (file != null) ? Files.readString(file) : null;
		}
		catch (NoSuchFileException ex) {
			text = null;
		}
		if (text == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return FileSender.Sent.NOT_FOUND;
		}
		String token = StreamTokens.passOn(request);
		StringBuilder signed = new StringBuilder(text.length() + 1024);
		for (String line : text.split("\n", -1)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#")) {
				Matcher uri = URI_ATTRIBUTE.matcher(line);
				signed
					.append(uri.find() ? line.substring(0, uri.end(1)) + withToken(uri.group(1), token)
							+ line.substring(uri.end(1)) : line)
					.append('\n');
			}
			else {
				signed.append(trimmed.isEmpty() ? line : line + withToken(trimmed, token)).append('\n');
			}
		}
		signed.setLength(signed.length() - 1);
		return FileSender.send(request, response, signed.toString().getBytes(StandardCharsets.UTF_8), PLAYLIST,
				CacheControl.maxAge(Duration.ofSeconds(60)).cachePrivate());
	}

	/** What goes after {@code uri} to pass the token on. */
	private static String withToken(String uri, String token) {
		return (uri.contains("?") ? "&" : "?") + token;
	}

	private FileSender.Sent file(String key, String type, CacheControl cache, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Path file = resolve(key);
		FileSender.Sent sent = (file != null) ? FileSender.send(request, response, file, type, cache)
				: FileSender.Sent.NOT_FOUND;
		if (sent == FileSender.Sent.NOT_FOUND) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
		}
		return sent;
	}

	private Path resolve(String key) {
		try {
			return this.media.resolve(key);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
