package io.sermonflow.transcript;

import java.util.List;

/**
 * What was said, when: segments (sentences or utterances) with their words, times in
 * seconds from the start of the recording.
 */
public record Transcript(String engine, String language, List<Segment> segments) {

	public Transcript {
		segments = List.copyOf(segments);
	}

	/**
	 * One line of the transcript; {@code speaker} is who says it, when known (null
	 * otherwise).
	 */
	public record Segment(double start, double end, String text, List<Word> words, String speaker) {

		public Segment {
			words = List.copyOf(words);
		}

		public Segment(double start, double end, String text, List<Word> words) {
			this(start, end, text, words, null);
		}

	}

	public record Word(String word, double start, double end, double confidence) {
	}

	/** The whole text, segments joined by spaces. */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (Segment segment : this.segments) {
			text.append((text.length() > 0) ? " " : "").append(segment.text());
		}
		return text.toString();
	}

}
