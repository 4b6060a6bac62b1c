package io.sermonflow.sermons;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.chapter.Chapter;

/**
 * Chapters as staff type them, one per line, the way video descriptions list them:
 * {@code 0:00 Welcome}, {@code 12:30 The prodigal son}, {@code 1:02:15 Prayer}.
 */
final class ChapterText {

	private static final Pattern LINE = Pattern.compile("(\\S+)\\s+(.+)");

	private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,2}):)?(\\d{1,3}):([0-5]\\d)(\\.\\d{1,3})?");

	private ChapterText() {
	}

	static List<Chapter> parse(String text) {
		List<Chapter> chapters = new ArrayList<>();
		String[] lines = (text != null) ? text.split("\\R") : new String[0];
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			Matcher match = LINE.matcher(line);
			Double at = match.matches() ? seconds(match.group(1)) : null;
			if (at == null) {
				throw new IllegalArgumentException("Line " + (i + 1) + " (\"" + shorten(line)
						+ "\") must be a time and a title, such as \"12:30 The prodigal son\"");
			}
			chapters.add(new Chapter(at, match.group(2)));
		}
		return chapters;
	}

	static String format(List<Chapter> chapters) {
		StringBuilder text = new StringBuilder();
		for (Chapter chapter : chapters) {
			text.append(clock(chapter.start())).append(' ').append(chapter.title()).append('\n');
		}
		return text.toString();
	}

	static String clock(double seconds) {
		long total = (long) Math.floor(seconds);
		long hours = total / 3600;
		return (hours > 0) ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, (total / 60) % 60, total % 60)
				: String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
	}

	/** Seconds from {@code m:ss}, {@code h:mm:ss} or a plain number. */
	static Double seconds(String value) {
		String text = (value != null) ? value.strip() : "";
		if (text.matches("\\d{1,6}(\\.\\d{1,3})?")) {
			return Double.parseDouble(text);
		}
		Matcher match = CLOCK.matcher(text);
		if (!match.matches()) {
			return null;
		}
		int hours = (match.group(1) != null) ? Integer.parseInt(match.group(1)) : 0;
		double fraction = (match.group(4) != null) ? Double.parseDouble("0" + match.group(4)) : 0;
		return hours * 3600 + Integer.parseInt(match.group(2)) * 60 + Integer.parseInt(match.group(3)) + fraction;
	}

	private static String shorten(String line) {
		return (line.length() > 40) ? line.substring(0, 40) + "…" : line;
	}

}
