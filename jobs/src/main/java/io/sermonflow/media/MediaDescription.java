package io.sermonflow.media;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.error.PermanentException;

/**
 * What ffmpeg says of a stored file when it opens it: the "Input #0" block it prints at
 * level {@code info}. JAVE2's bundled ffmpeg comes without ffprobe, so the probe reads
 * this instead; its shape has held from ffmpeg 4 to 7.
 *
 * <p>
 * The file's own metadata is printed inside the block, so the parser trusts only lines at
 * ffmpeg's own indentation (a tag's value that holds a line break is continued deeper,
 * behind a colon), and refuses a description in which a fact appears twice, which only a
 * file imitating ffmpeg's output could cause.
 */
record MediaDescription(String container, double declaredSeconds, long bitRate, AudioStream audio) {

	private static final Pattern INPUT = Pattern.compile("^Input #0, (.+), from '");

	private static final Pattern DURATION = Pattern.compile(
			"^  Duration: (?:N/A|(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?))(?:, start: [^,]+)?, bitrate: (?:N/A|(\\d+) kb/s)");

	private static final Pattern STREAM = Pattern
		.compile("^  Stream #0:(\\d+)(?:\\[0x[0-9a-fA-F]+\\])?(?:\\([^)]*\\))?: (\\w+): (.*)$");

	private static final Pattern CODEC = Pattern.compile("^([A-Za-z0-9_]+)");

	private static final Pattern RATE_AND_LAYOUT = Pattern.compile(", (\\d+) Hz, ([^,]+)");

	private static final Pattern CHANNEL_COUNT = Pattern.compile("^(\\d+) channels");

	private static final Map<String, Integer> LAYOUTS = Map.ofEntries(Map.entry("mono", 1), Map.entry("stereo", 2),
			Map.entry("2.1", 3), Map.entry("3.0", 3), Map.entry("quad", 4), Map.entry("4.0", 4), Map.entry("4.1", 5),
			Map.entry("5.0", 5), Map.entry("5.1", 6), Map.entry("6.0", 6), Map.entry("6.1", 7), Map.entry("7.0", 7),
			Map.entry("7.1", 8));

	/**
	 * The first audio stream: its codec, sample rate and channel count (0 when unsaid).
	 */
	record AudioStream(String codec, int sampleRate, int channels) {
	}

	/**
	 * Reads ffmpeg's description. A file with no audio stream gives a null {@code audio};
	 * a description that cannot be read is a permanent error.
	 */
	static MediaDescription parse(String stderr) {
		String container = null;
		Double declared = null;
		long bitRate = 0;
		AudioStream audio = null;
		Set<Integer> streams = new HashSet<>();
		for (String line : stderr.split("\r?\n")) {
			if (container == null) {
				Matcher input = INPUT.matcher(line);
				if (input.find()) {
					container = input.group(1);
				}
				continue;
			}
			if (line.startsWith("Output #") || line.startsWith("Stream mapping:") || line.startsWith("Input #")) {
				break;
			}
			Matcher duration = DURATION.matcher(line);
			if (duration.find()) {
				if (declared != null) {
					throw ambiguous("two durations");
				}
				declared = (duration.group(1) != null) ? Integer.parseInt(duration.group(1)) * 3600
						+ Integer.parseInt(duration.group(2)) * 60 + Double.parseDouble(duration.group(3)) : 0;
				bitRate = (duration.group(4) != null) ? Long.parseLong(duration.group(4)) * 1000 : 0;
				continue;
			}
			Matcher stream = STREAM.matcher(line);
			if (stream.find()) {
				if (!streams.add(Integer.parseInt(stream.group(1)))) {
					throw ambiguous("stream #0:" + stream.group(1) + " twice");
				}
				if (audio == null && "Audio".equals(stream.group(2))) {
					audio = audioStream(stream.group(3));
				}
			}
		}
		if (container == null) {
			throw new PermanentException("ffmpeg did not recognise the file as media");
		}
		return new MediaDescription(container, (declared != null) ? declared : 0, bitRate, audio);
	}

	private static AudioStream audioStream(String description) {
		Matcher codec = CODEC.matcher(description);
		Matcher rate = RATE_AND_LAYOUT.matcher(description);
		int sampleRate = 0;
		int channels = 0;
		if (rate.find()) {
			sampleRate = Integer.parseInt(rate.group(1));
			channels = channels(rate.group(2).strip());
		}
		return new AudioStream(codec.find() ? codec.group(1) : "", sampleRate, channels);
	}

	/** "mono" 1, "5.1(side)" 6, "2 channels (FL+FR)" 2; 0 for a layout not known here. */
	static int channels(String layout) {
		Matcher count = CHANNEL_COUNT.matcher(layout);
		if (count.find()) {
			return Integer.parseInt(count.group(1));
		}
		int bracket = layout.indexOf('(');
		return LAYOUTS.getOrDefault((bracket > 0) ? layout.substring(0, bracket) : layout, 0);
	}

	private static PermanentException ambiguous(String what) {
		return new PermanentException("The file's metadata imitates ffmpeg's own description of it (" + what
				+ "); refused rather than trusted");
	}

}
