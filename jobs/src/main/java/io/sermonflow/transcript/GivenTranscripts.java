package io.sermonflow.transcript;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.error.PermanentException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transcripts a source already has ({@code podcast:transcript}): Podcasting 2.0 JSON,
 * WebVTT or SRT, read into our {@link Transcript}. These formats time segments, not
 * words, so each segment's words share its time evenly (good enough to jump to a line).
 */
public final class GivenTranscripts {

	/** The engine a given transcript is recorded under. */
	public static final String ENGINE = "podcast:transcript";

	private static final Pattern CUE_TIME = Pattern
		.compile("((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3})\\s+-->\\s+((?:\\d+:)?\\d{1,2}:\\d{2}[.,]\\d{1,3})");

	private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^ >]*)?\\s+([^>]*)>");

	private static final Pattern TAG = Pattern.compile("<[^>]*>");

	private GivenTranscripts() {
	}

	/**
	 * @param type the MIME type the feed gave ({@code application/json},
	 * {@code text/vtt}, {@code application/srt}…)
	 * @throws PermanentException naming the fault when the text cannot be read as that
	 * type or holds no segment
	 */
	public static Transcript parse(byte[] content, String type, String language, JsonMapper json) {
		String text = new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "");
		String kind = (type != null) ? type.strip().toLowerCase(Locale.ROOT) : "";
		List<Transcript.Segment> segments = switch (kind) {
			case "application/json" -> json(text, json);
			case "text/vtt", "application/srt", "application/x-subrip", "text/srt" -> cues(text);
			default -> throw new PermanentException("A transcript of type \"" + type + "\" cannot be read");
		};
		if (segments.isEmpty()) {
			throw new PermanentException("The given " + kind + " transcript holds no timed text");
		}
		return new Transcript(ENGINE, language, segments);
	}

	private static List<Transcript.Segment> json(String text, JsonMapper json) {
		JsonNode root;
		try {
			root = json.readTree(text);
		}
		catch (RuntimeException ex) {
			throw new PermanentException("The given JSON transcript is not valid JSON");
		}
		JsonNode list = root.path("segments");
		if (!list.isArray()) {
			throw new PermanentException("The given JSON transcript has no \"segments\" array");
		}
		List<Transcript.Segment> segments = new ArrayList<>();
		for (JsonNode node : list) {
			String body = node.path("body").asString("").strip();
			double start = node.path("startTime").asDouble(-1);
			double end = node.path("endTime").asDouble(-1);
			if (body.isEmpty() || start < 0 || end < start) {
				continue;
			}
			String speaker = node.path("speaker").asString(null);
			segments.add(segment(start, end, body, speaker));
		}
		return segments;
	}

	/** WebVTT and SRT: both are cues of a time line and text lines. */
	private static List<Transcript.Segment> cues(String text) {
		List<Transcript.Segment> segments = new ArrayList<>();
		String[] blocks = text.replace("\r\n", "\n").replace('\r', '\n').split("\n\\s*\n");
		for (String block : blocks) {
			String[] lines = block.strip().split("\n");
			for (int i = 0; i < lines.length; i++) {
				Matcher time = CUE_TIME.matcher(lines[i]);
				if (!time.find()) {
					continue;
				}
				StringBuilder body = new StringBuilder();
				String speaker = null;
				for (int j = i + 1; j < lines.length; j++) {
					Matcher voice = VOICE.matcher(lines[j]);
					if (speaker == null && voice.find()) {
						speaker = voice.group(1).strip();
					}
					body.append(' ').append(TAG.matcher(lines[j]).replaceAll(""));
				}
				String clean = body.toString()
					.replace("&amp;", "&")
					.replace("&lt;", "<")
					.replace("&gt;", ">")
					.replaceAll("\\s+", " ")
					.strip();
				double start = seconds(time.group(1));
				double end = seconds(time.group(2));
				if (!clean.isEmpty() && end >= start) {
					segments.add(segment(start, end, clean, speaker));
				}
				break;
			}
		}
		return segments;
	}

	private static Transcript.Segment segment(double start, double end, String body, String speaker) {
		String[] words = body.split("\\s+");
		List<Transcript.Word> timed = new ArrayList<>();
		double each = (end - start) / words.length;
		for (int i = 0; i < words.length; i++) {
			timed.add(new Transcript.Word(words[i], start + i * each, start + (i + 1) * each, 1.0));
		}
		return new Transcript.Segment(start, end, body, timed,
				(speaker != null && !speaker.isBlank()) ? speaker.strip() : null);
	}

	/** {@code HH:MM:SS.mmm}, {@code MM:SS.mmm} or SRT's comma. */
	static double seconds(String value) {
		String[] parts = value.replace(',', '.').split(":");
		double total = 0;
		for (String part : parts) {
			total = total * 60 + Double.parseDouble(part);
		}
		return total;
	}

}
