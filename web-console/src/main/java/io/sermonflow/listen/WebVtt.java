package io.sermonflow.listen;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.transcript.Transcript;

/**
 * WebVTT captions from a transcript. Long segments are cut at word boundaries into cues
 * of at most {@value #MAX_CUE_SECONDS} seconds, so a caption fits on a phone; a segment
 * without word times stays one cue.
 */
final class WebVtt {

	static final double MAX_CUE_SECONDS = 7;

	static final int MAX_CUE_WORDS = 14;

	private WebVtt() {
	}

	static String of(Transcript transcript) {
		StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
		int n = 1;
		for (Transcript.Segment segment : transcript.segments()) {
			for (Cue cue : cues(segment)) {
				vtt.append(n++)
					.append('\n')
					.append(time(cue.start()))
					.append(" --> ")
					.append(time(cue.end()))
					.append('\n')
					// a voice span names the speaker, when known
					.append((segment.speaker() != null) ? "<v " + escape(segment.speaker()) + ">" : "")
					.append(escape(cue.text()))
					.append("\n\n");
			}
		}
		return vtt.toString();
	}

	static List<Cue> cues(Transcript.Segment segment) {
		List<Transcript.Word> words = segment.words();
		if (words == null || words.isEmpty() || segment.end() - segment.start() <= MAX_CUE_SECONDS) {
			return List.of(new Cue(segment.start(), segment.end(), segment.text()));
		}
		List<Cue> cues = new ArrayList<>();
		int from = 0;
		for (int i = 1; i <= words.size(); i++) {
			boolean last = i == words.size();
			if (last || i - from >= MAX_CUE_WORDS || words.get(i).end() - words.get(from).start() > MAX_CUE_SECONDS) {
				List<Transcript.Word> part = words.subList(from, i);
				double start = (from == 0) ? segment.start() : part.get(0).start();
				double end = last ? segment.end() : words.get(i).start();
				cues.add(new Cue(start, Math.max(end, start + 0.001),
						String.join(" ", part.stream().map(Transcript.Word::word).toList())));
				from = i;
			}
		}
		return cues;
	}

	/** {@code hh:mm:ss.ttt}, as WebVTT requires. */
	static String time(double seconds) {
		long millis = Math.round(Math.max(0, seconds) * 1000);
		return String.format("%02d:%02d:%02d.%03d", millis / 3_600_000, (millis / 60_000) % 60, (millis / 1000) % 60,
				millis % 1000);
	}

	/**
	 * Cue text is markup: escaped, and never a line that could end the cue or fake a
	 * timing.
	 */
	private static String escape(String text) {
		return text.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replaceAll("[\\r\\n]+", " ")
			.strip();
	}

	record Cue(double start, double end, String text) {
	}

}
