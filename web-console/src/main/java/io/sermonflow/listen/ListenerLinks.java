package io.sermonflow.listen;

import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * The URLs listeners follow, signed when {@code SERMONFLOW_STREAM_SIGNING_KEY} is set.
 * Paths are relative to the server's root.
 */
@Component
public class ListenerLinks {

	private final StreamTokens tokens;

	private final StreamProperties properties;

	ListenerLinks(StreamTokens tokens, StreamProperties properties) {
		this.tokens = tokens;
		this.properties = properties;
	}

	/** The sermon's page, which plays from {@code start} seconds. */
	public String page(String sermonId, double start) {
		return "/sermons/" + sermonId + ((start > 0) ? "?t=" + seconds(start) : "");
	}

	/** The sermon's page, which plays just the clip from {@code start} to {@code end}. */
	public String clip(String sermonId, double start, double end) {
		return "/sermons/" + sermonId + "?t=" + seconds(start) + "&end=" + seconds(end);
	}

	/** The progressive file, playing from {@code start} (a media fragment). */
	public String audioFrom(String sermonId, double start) {
		return audio(sermonId) + ((start > 0) ? "#t=" + seconds(start) : "");
	}

	public String audio(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/audio");
	}

	String master(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/master.m3u8");
	}

	String captions(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/captions.vtt");
	}

	String chapters(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/chapters.json");
	}

	/** The chapters file for podcast apps, signed to outlive the feed's refresh. */
	String podcastChapters(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/chapters.json", this.properties.feedTokenTtl());
	}

	String peaks(String sermonId) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/peaks.json");
	}

	/**
	 * The progressive file for podcast apps, whose downloads come long after the feed.
	 */
	String podcastAudio(String sermonId) {
		Duration ttl = this.properties.feedTokenTtl();
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/audio", ttl);
	}

	/** A transcript file for podcast apps, signed to outlive the feed's refresh. */
	String podcastTranscript(String sermonId, String extension) {
		return this.tokens.sign(sermonId, "/listen/" + sermonId + "/transcript." + extension,
				this.properties.feedTokenTtl());
	}

	static String seconds(double seconds) {
		return String.format(Locale.ROOT, "%.1f", seconds).replaceAll("\\.0$", "");
	}

}
