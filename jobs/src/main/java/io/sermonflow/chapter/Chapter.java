package io.sermonflow.chapter;

import java.util.List;

import io.sermonflow.text.XmlText;

/** A chapter of a sermon: where it starts, in seconds, and its title. */
public record Chapter(double start, String title) {

	public static final int MAX_TITLE = 120;

	public static final int MAX_CHAPTERS = 100;

	/**
	 * Checks chapters written by staff against the audio's length.
	 * @throws IllegalArgumentException naming the chapter at fault
	 */
	public static List<Chapter> checked(List<Chapter> chapters, double duration) {
		if (chapters.size() > MAX_CHAPTERS) {
			throw new IllegalArgumentException("A sermon has at most " + MAX_CHAPTERS + " chapters");
		}
		double previous = -1;
		for (int i = 0; i < chapters.size(); i++) {
			Chapter chapter = chapters.get(i);
			if (!Double.isFinite(chapter.start()) || chapter.start() < 0) {
				throw new IllegalArgumentException("Chapter " + i + " must start at 0 s or later");
			}
			if (chapter.start() <= previous) {
				throw new IllegalArgumentException(String.format(
						"Chapter %d starts at %.1f s, not after chapter %d (%.1f s): chapters go in order", i,
						chapter.start(), i - 1, previous));
			}
			if (duration > 0 && chapter.start() >= duration) {
				throw new IllegalArgumentException(
						String.format("Chapter %d starts at %.1f s, past the end of the audio (%.1f s)", i,
								chapter.start(), duration));
			}
			String title = oneLine(chapter.title());
			if (title.isEmpty() || title.length() > MAX_TITLE) {
				throw new IllegalArgumentException(
						"Chapter " + i + " needs a title of 1 to " + MAX_TITLE + " characters");
			}
			int forbidden = XmlText.firstForbidden(title);
			if (forbidden >= 0) {
				throw new IllegalArgumentException(
						String.format("Chapter %d's title holds a control character (U+%04X) that feeds cannot carry",
								i, (int) title.charAt(forbidden)));
			}
			previous = chapter.start();
		}
		return chapters.stream().map((chapter) -> new Chapter(chapter.start(), oneLine(chapter.title()))).toList();
	}

	private static String oneLine(String title) {
		return (title != null) ? title.strip().replaceAll("\\s+", " ") : "";
	}

}
