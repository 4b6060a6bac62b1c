package io.sermonflow.scripture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deciding that a stretch of transcript reads a verse out (plain Java; the search for
 * candidates is {@link QuotedPassages}'). A candidate counts only when most of the
 * verse's own words are spoken in the window: embeddings alone would take a paraphrase of
 * common words ("God loves the world") for a quote.
 */
public final class Quotes {

	/** Words a window holds, and how far the next one starts. */
	static final int WINDOW = 40;

	static final int STEP = 15;

	/** The share of a verse's content words the window must hold. */
	static final double OVERLAP = 0.7;

	/** Shorter verses ("Jesus wept.") are too short to tell a quote from talk. */
	static final int MIN_CONTENT_WORDS = 5;

	private static final Set<String> STOP = Set.of("the", "and", "for", "that", "this", "with", "was", "are", "you",
			"your", "his", "her", "him", "they", "them", "their", "but", "not", "have", "has", "had", "who", "whom",
			"which", "will", "shall", "from", "all", "one", "into", "unto", "upon", "there", "then", "than", "what",
			"when", "were", "been", "also", "our", "out", "said", "because", "those", "these", "may", "can", "its",
			"she", "let", "yet", "nor", "any", "how", "why", "did", "does", "being");

	private Quotes() {
	}

	/** A spoken word and when it starts. */
	public record Word(String text, double at) {
	}

	/** A stretch of the transcript searched as one. */
	record Window(int from, int to, String text) {
	}

	/** A verse read out, from the moment its first word is heard. */
	record Quote(BibleText.Verse verse, double at) {
	}

	static List<Window> windows(List<Word> words) {
		List<Window> windows = new ArrayList<>();
		for (int from = 0; from < words.size(); from += STEP) {
			int to = Math.min(words.size(), from + WINDOW);
			StringBuilder text = new StringBuilder();
			for (int i = from; i < to; i++) {
				text.append((i > from) ? " " : "").append(words.get(i).text());
			}
			windows.add(new Window(from, to, text.toString()));
			if (to == words.size()) {
				break;
			}
		}
		return windows;
	}

	/**
	 * Whether the window reads the verse: then the moment of the first of the verse's
	 * words heard in it and how many of them are heard.
	 */
	static java.util.Optional<Reading> reads(List<Word> words, Window window, BibleText.Verse verse) {
		Set<String> content = content(verse.text());
		if (content.size() < MIN_CONTENT_WORDS) {
			return java.util.Optional.empty();
		}
		Set<String> heard = new HashSet<>();
		double first = -1;
		for (int i = window.from(); i < window.to(); i++) {
			String word = normal(words.get(i).text());
			if (content.contains(word)) {
				heard.add(word);
				if (first < 0) {
					first = words.get(i).at();
				}
			}
		}
		return (heard.size() >= OVERLAP * content.size())
				? java.util.Optional.of(new Reading(verse, first, heard.size())) : java.util.Optional.empty();
	}

	/**
	 * The quotes one window holds: of the verses it reads, those it reads best. Parallel
	 * verses share their frame ("He set another parable before them, saying, The Kingdom
	 * of Heaven is like…" opens both Matthew 13:24 and 13:31), and the words that follow
	 * tell which one was read.
	 */
	static List<Quote> best(List<Reading> readings) {
		int most = readings.stream().mapToInt(Reading::heard).max().orElse(0);
		return readings.stream().filter((r) -> r.heard() == most).map((r) -> new Quote(r.verse(), r.at())).toList();
	}

	/** A verse a window reads: from when, and how many of its words are heard. */
	record Reading(BibleText.Verse verse, double at, int heard) {
	}

	/**
	 * One quote per verse (its first hearing), and verses of one chapter read one after
	 * another joined into a range, in time order.
	 */
	static List<Quoted> merge(List<Quote> quotes) {
		Map<String, Quote> first = new LinkedHashMap<>();
		for (Quote quote : quotes) {
			String key = quote.verse().book().osis + "." + quote.verse().chapter() + "." + quote.verse().verse();
			first.merge(key, quote, (a, b) -> (a.at() <= b.at()) ? a : b);
		}
		List<Quote> sorted = new ArrayList<>(first.values());
		sorted.sort(Comparator.comparing((Quote q) -> q.verse().book())
			.thenComparing((q) -> q.verse().chapter())
			.thenComparing((q) -> q.verse().verse()));
		List<Quoted> merged = new ArrayList<>();
		for (Quote quote : sorted) {
			Quoted last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			BibleText.Verse verse = quote.verse();
			if (last != null && last.passage().book() == verse.book() && last.passage().chapter() == verse.chapter()
					&& last.lastVerse() + 1 == verse.verse() && Math.abs(quote.at() - last.at()) < 120) {
				merged.set(merged.size() - 1,
						new Quoted(new Passage(verse.book(), verse.chapter(), last.passage().verse(), verse.verse()),
								Math.min(last.at(), quote.at())));
			}
			else {
				merged.add(new Quoted(new Passage(verse.book(), verse.chapter(), verse.verse(), null), quote.at()));
			}
		}
		merged.sort(Comparator.comparingDouble(Quoted::at));
		return merged;
	}

	/** A passage read out, and when. */
	public record Quoted(Passage passage, double at) {

		int lastVerse() {
			return (this.passage.endVerse() != null) ? this.passage.endVerse() : this.passage.verse();
		}

	}

	static Set<String> content(String text) {
		Set<String> words = new HashSet<>();
		for (String token : text.split("[^\\p{L}’']+")) {
			String word = normal(token);
			if (word.length() >= 3 && !STOP.contains(word)) {
				words.add(word);
			}
		}
		return words;
	}

	static String normal(String word) {
		return word.toLowerCase(Locale.ROOT).replaceAll("[’']s?$", "").replaceAll("[^\\p{L}]", "");
	}

}
