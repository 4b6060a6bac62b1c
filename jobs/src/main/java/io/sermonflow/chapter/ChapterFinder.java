package io.sermonflow.chapter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds where a sermon changes subject, from the embeddings of its transcript's windows
 * (TextTiling's idea with sentence vectors): at each window the two windows before it are
 * compared with it and the one after, and the deepest dips in similarity, at least
 * {@value #MIN_GAP_SECONDS} s from each other and from the start, become chapters. Each
 * starts at a transcript line and is titled with its opening words.
 */
public final class ChapterFinder {

	static final double MIN_GAP_SECONDS = 180;

	/** No chapter starts in the last minute. */
	static final double MIN_TAIL_SECONDS = 60;

	/** How far below the mean similarity a dip must go, in standard deviations. */
	static final double DEPTH = 0.5;

	static final int TITLE_WORDS = 8;

	private static final java.util.Set<String> DANGLING = java.util.Set.of("a", "an", "and", "as", "at", "but", "by",
			"for", "from", "in", "into", "is", "of", "on", "or", "so", "that", "the", "to", "we", "what", "when",
			"which", "who", "with");

	private ChapterFinder() {
	}

	/** A transcript window (in time order) and its embedding. */
	public record Window(double start, float[] vector) {
	}

	/** A transcript line (in time order). */
	public record Line(double start, String text) {
	}

	public static List<Chapter> find(List<Window> windows, List<Line> lines, double duration) {
		if (lines.isEmpty()) {
			return List.of();
		}
		List<Chapter> chapters = new ArrayList<>();
		chapters.add(new Chapter(0, title(lines, 0)));
		int n = windows.size();
		if (n < 4) {
			return chapters;
		}
		List<double[]> dips = new ArrayList<>();
		double sum = 0;
		double squares = 0;
		for (int i = 1; i < n; i++) {
			double similarity = cosine(mean(windows, Math.max(0, i - 2), i), mean(windows, i, Math.min(n, i + 2)));
			dips.add(new double[] { i, similarity });
			sum += similarity;
			squares += similarity * similarity;
		}
		double mean = sum / dips.size();
		double deviation = Math.sqrt(Math.max(0, squares / dips.size() - mean * mean));
		double threshold = mean - DEPTH * deviation;
		dips.sort(Comparator.comparingDouble((double[] dip) -> dip[1]));
		List<Integer> chosen = new ArrayList<>();
		List<Double> starts = new ArrayList<>(List.of(0.0));
		for (double[] dip : dips) {
			if (dip[1] >= threshold) {
				break;
			}
			int line = lineAtOrAfter(lines, windows.get((int) dip[0]).start());
			if (line < 0) {
				continue;
			}
			double start = lines.get(line).start();
			boolean apart = starts.stream().allMatch((other) -> Math.abs(other - start) >= MIN_GAP_SECONDS);
			if (apart && duration - start >= MIN_TAIL_SECONDS && chosen.size() < Chapter.MAX_CHAPTERS - 1) {
				chosen.add(line);
				starts.add(start);
			}
		}
		chosen.stream()
			.sorted()
			.forEach((line) -> chapters.add(new Chapter(lines.get(line).start(), title(lines, line))));
		return chapters;
	}

	private static int lineAtOrAfter(List<Line> lines, double time) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).start() >= time - 0.001) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The opening sentence from line {@code from} on when it is short, else its first
	 * {@value #TITLE_WORDS} words.
	 */
	static String title(List<Line> lines, int from) {
		List<String> words = new ArrayList<>();
		for (int i = from; i < lines.size() && words.size() < TITLE_WORDS + 4; i++) {
			for (String word : lines.get(i).text().strip().split("\\s+")) {
				if (!word.isEmpty()) {
					words.add(word);
				}
			}
		}
		int sentence = -1;
		for (int i = 0; i < words.size() && i < TITLE_WORDS + 4; i++) {
			if (words.get(i).matches(".*[.!?]$")) {
				sentence = i + 1;
				break;
			}
		}
		int count = (sentence > 0) ? sentence : Math.min(TITLE_WORDS, words.size());
		// a cut title does not end on a word that leads into the rest
		while (sentence < 0 && count > 3 && DANGLING.contains(words.get(count - 1).toLowerCase(Locale.ROOT))) {
			count--;
		}
		String text = String.join(" ", words.subList(0, count)).replaceAll("[,;:.!?]+$", "");
		if (sentence < 0 && words.size() > TITLE_WORDS) {
			text = text + "…";
		}
		if (text.isEmpty()) {
			return "Chapter";
		}
		text = text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
		return (text.length() > Chapter.MAX_TITLE) ? text.substring(0, Chapter.MAX_TITLE - 1) + "…" : text;
	}

	private static double[] mean(List<Window> windows, int from, int to) {
		double[] mean = new double[windows.get(from).vector().length];
		for (int i = from; i < to; i++) {
			float[] vector = windows.get(i).vector();
			for (int d = 0; d < mean.length; d++) {
				mean[d] += vector[d];
			}
		}
		return mean;
	}

	private static double cosine(double[] a, double[] b) {
		double dot = 0;
		double na = 0;
		double nb = 0;
		for (int d = 0; d < a.length; d++) {
			dot += a[d] * b[d];
			na += a[d] * a[d];
			nb += b[d] * b[d];
		}
		return (na == 0 || nb == 0) ? 0 : dot / Math.sqrt(na * nb);
	}

}
