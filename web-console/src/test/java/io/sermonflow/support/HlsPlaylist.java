package io.sermonflow.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A variant playlist read as a player reads it: its init section and its segments, each a
 * byte range of a file (RFC 8216 {@code EXT-X-MAP} and {@code EXT-X-BYTERANGE}).
 */
public final class HlsPlaylist {

	private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\",BYTERANGE=\"(\\d+)@(\\d+)\"");

	private static final Pattern BYTERANGE = Pattern.compile("#EXT-X-BYTERANGE:(\\d+)@(\\d+)");

	private HlsPlaylist() {
	}

	/** The init section. */
	public static Part init(String playlist) {
		Matcher map = MAP.matcher(playlist);
		if (!map.find()) {
			throw new IllegalArgumentException("No EXT-X-MAP with a byte range in:\n" + playlist);
		}
		return new Part(map.group(1), Long.parseLong(map.group(3)), Long.parseLong(map.group(2)));
	}

	/** Every segment, in order. */
	public static List<Part> segments(String playlist) {
		List<Part> segments = new ArrayList<>();
		String[] lines = playlist.split("\n");
		for (int i = 0; i < lines.length - 1; i++) {
			Matcher range = BYTERANGE.matcher(lines[i].strip());
			if (range.matches()) {
				segments.add(
						new Part(lines[i + 1].strip(), Long.parseLong(range.group(2)), Long.parseLong(range.group(1))));
			}
		}
		return segments;
	}

	/** A byte range of the file at {@code uri} (relative to the playlist). */
	public record Part(String uri, long offset, long length) {

		/** The Range header that asks for it. */
		public String range() {
			return "bytes=" + this.offset + "-" + (this.offset + this.length - 1);
		}

	}

}
