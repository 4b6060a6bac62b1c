package io.sermonflow.listen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sermonflow.transcript.Transcript;
import tools.jackson.databind.json.JsonMapper;

/**
 * A transcript as the files listeners and podcast apps download: WebVTT (the captions),
 * SubRip, plain text, and the Podcasting 2.0 JSON transcript. Timed formats share the
 * captions' cues, cut at word boundaries to at most seven seconds.
 */
final class TranscriptFiles {

	private TranscriptFiles() {
	}

	enum Format {

		VTT("vtt", "text/vtt;charset=UTF-8"), SRT("srt", "application/x-subrip;charset=UTF-8"),
		TXT("txt", "text/plain;charset=UTF-8"), JSON("json", "application/json");

		final String extension;

		final String contentType;

		Format(String extension, String contentType) {
			this.extension = extension;
			this.contentType = contentType;
		}

		static Format of(String extension) {
			for (Format format : values()) {
				if (format.extension.equals(extension)) {
					return format;
				}
			}
			throw new IllegalArgumentException("No transcript format " + extension);
		}

	}

	static byte[] render(Format format, Transcript transcript, JsonMapper json) {
		String text = switch (format) {
			case VTT -> WebVtt.of(transcript);
			case SRT -> srt(transcript);
			case TXT -> txt(transcript);
			case JSON -> json.writeValueAsString(podcastJson(transcript));
		};
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String srt(Transcript transcript) {
		StringBuilder srt = new StringBuilder();
		int n = 1;
		for (Transcript.Segment segment : transcript.segments()) {
			for (WebVtt.Cue cue : WebVtt.cues(segment)) {
				srt.append(n++)
					.append('\n')
					.append(WebVtt.time(cue.start()).replace('.', ','))
					.append(" --> ")
					.append(WebVtt.time(cue.end()).replace('.', ','))
					.append('\n')
					.append(oneLine(cue.text()))
					.append("\n\n");
			}
		}
		return srt.toString();
	}

	static String txt(Transcript transcript) {
		StringBuilder txt = new StringBuilder();
		String speaker = null;
		for (Transcript.Segment segment : transcript.segments()) {
			// the speaker is named where the voice changes, as in a script
			if (segment.speaker() != null && !segment.speaker().equals(speaker)) {
				txt.append(oneLine(segment.speaker())).append(": ");
			}
			speaker = segment.speaker();
			txt.append(oneLine(segment.text())).append('\n');
		}
		return txt.toString();
	}

	/** The Podcasting 2.0 JSON transcript: {@code {"version":"1.0.0","segments":[…]}}. */
	static Map<String, Object> podcastJson(Transcript transcript) {
		List<Map<String, Object>> segments = new ArrayList<>();
		for (Transcript.Segment segment : transcript.segments()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			if (segment.speaker() != null) {
				entry.put("speaker", segment.speaker());
			}
			entry.put("startTime", segment.start());
			entry.put("endTime", segment.end());
			entry.put("body", oneLine(segment.text()));
			segments.add(entry);
		}
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("version", "1.0.0");
		file.put("segments", segments);
		return file;
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n]+", " ").strip();
	}

}
