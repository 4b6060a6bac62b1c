package io.sermonflow.scripture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds scripture references in what was said or written: "John three sixteen", "Matthew
 * chapter thirteen, verses thirty-one and thirty-two", "first Corinthians thirteen",
 * "Romans 8:28". A name that is also a first name or a word ("John three said", "mark my
 * words") counts only with a verse, the word "chapter", or a written number; an
 * abbreviation only before a written number.
 */
public final class ReferenceParser {

	private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("one", 1), Map.entry("two", 2),
			Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
			Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
			Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
			Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
			Map.entry("nineteen", 19));

	private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
			"sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);

	private static final Set<String> ORDINALS = Set.of("1", "2", "3", "first", "second", "third", "1st", "2nd", "3rd",
			"ii", "iii", "one", "two", "three");

	private static final Set<String> CHAPTER = Set.of("chapter", "chapters", "ch", "chap");

	private static final Set<String> VERSE = Set.of("verse", "verses", "v", "vv", "vs");

	private static final Pattern DIGITS = Pattern.compile("(\\d{1,3})(?::(\\d{1,3}))?(?:-(\\d{1,3}))?");

	private ReferenceParser() {
	}

	/** A reference found, and the token it starts at. */
	public record Found(Passage passage, int token) {
	}

	/**
	 * Text as the parser reads it: lower case, punctuation off the ends of words, dashes
	 * inside number words split ("thirty-one"), written references kept ("8:28-30").
	 */
	public static List<String> tokens(String text) {
		List<String> tokens = new ArrayList<>();
		for (String raw : text.replace('–', '-').replace('—', ' ').split("\\s+")) {
			tokens.addAll(token(raw));
		}
		return tokens;
	}

	/** One written word as zero or more tokens. */
	public static List<String> token(String word) {
		String token = word.toLowerCase(Locale.ROOT).replace('–', '-').replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
		if (token.isEmpty()) {
			return List.of();
		}
		if (token.matches("[a-z]+-[a-z]+")) {
			return List.of(token.split("-"));
		}
		return List.of(token);
	}

	public static List<Found> find(List<String> tokens) {
		List<Found> found = new ArrayList<>();
		int i = 0;
		while (i < tokens.size()) {
			int end = match(tokens, i, found);
			i = (end > i) ? end : i + 1;
		}
		return found;
	}

	/** The index after a reference starting at {@code start}, or {@code start}. */
	private static int match(List<String> tokens, int start, List<Found> found) {
		int at = start;
		int number = 0;
		if (ORDINALS.contains(tokens.get(at)) && at + 1 < tokens.size()) {
			number = Passage.ordinal(tokens.get(at));
			at++;
		}
		Book book = null;
		boolean full = false;
		for (int words = 3; words >= 1 && book == null; words--) {
			if (at + words > tokens.size()) {
				continue;
			}
			String name = String.join(" ", tokens.subList(at, at + words));
			java.util.Optional<Book> named = Book.named(name, number);
			if (named.isPresent()) {
				book = named.get();
				full = book.fullName(name);
				at += words;
			}
		}
		if (book == null) {
			return start;
		}
		boolean chapterWord = at < tokens.size() && CHAPTER.contains(tokens.get(at));
		if (chapterWord) {
			at++;
		}
		if (book.chapters == 1 && at < tokens.size() && VERSE.contains(tokens.get(at))) {
			// "Jude verse three": the book's one chapter goes without saying
			int[] spoken = verseNumber((at + 1 < tokens.size()) ? tokens.get(at + 1) : "", tokens, at + 1);
			if (spoken == null) {
				return start;
			}
			return add(found, book, 1, spoken[0], null, start) ? spoken[1] : start;
		}
		if (at >= tokens.size()) {
			return start;
		}
		Integer chapter;
		Integer verse = null;
		Integer endVerse = null;
		boolean written = false;
		Matcher digits = DIGITS.matcher(tokens.get(at));
		if (digits.matches()) {
			written = true;
			chapter = Integer.valueOf(digits.group(1));
			verse = (digits.group(2) != null) ? Integer.valueOf(digits.group(2)) : null;
			endVerse = (digits.group(2) != null && digits.group(3) != null) ? Integer.valueOf(digits.group(3)) : null;
			at++;
		}
		else {
			int[] spoken = number(tokens, at);
			if (spoken == null) {
				return start;
			}
			chapter = spoken[0];
			at = spoken[1];
		}
		if (verse == null) {
			int next = at;
			boolean verseWord = next < tokens.size() && VERSE.contains(tokens.get(next));
			if (verseWord) {
				next++;
			}
			int[] spoken = (next < tokens.size()) ? verseNumber(tokens.get(next), tokens, next) : null;
			if (spoken != null) {
				verse = spoken[0];
				endVerse = (spoken[2] > 0) ? spoken[2] : null;
				at = spoken[1];
				// a range: "to", "through", "and" the next verse
				if (endVerse == null && at + 1 < tokens.size()) {
					String joiner = tokens.get(at);
					int[] end = (Set.of("to", "through", "thru", "and").contains(joiner)) ? number(tokens, at + 1)
							: null;
					if (end != null && end[0] > verse && (!joiner.equals("and") || end[0] == verse + 1)) {
						endVerse = end[0];
						at = end[1];
					}
				}
			}
		}
		if (!full && !(written && verse != null)) {
			// "he is 3 years old": an abbreviation counts only before a chapter and verse
			return start;
		}
		if (book.everydayWord() && verse == null && !chapterWord && !written && book.chapters > 1) {
			return start;
		}
		if (book.chapters == 1 && verse == null) {
			verse = chapter;
			chapter = 1;
		}
		return add(found, book, chapter, verse, endVerse, start) ? at : start;
	}

	private static boolean add(List<Found> found, Book book, int chapter, Integer verse, Integer endVerse, int start) {
		try {
			found.add(new Found(new Passage(book, chapter, verse, endVerse), start));
			return true;
		}
		catch (IllegalArgumentException ex) {
			// "John forty": not a passage, so not a reference
			return false;
		}
	}

	/** A verse number, spoken or written ("16", "31-32"): {value, next, end or 0}. */
	private static int[] verseNumber(String token, List<String> tokens, int at) {
		Matcher digits = DIGITS.matcher(token);
		if (digits.matches() && digits.group(2) == null) {
			return new int[] { Integer.parseInt(digits.group(1)), at + 1,
					(digits.group(3) != null) ? Integer.parseInt(digits.group(3)) : 0 };
		}
		int[] spoken = number(tokens, at);
		return (spoken != null) ? new int[] { spoken[0], spoken[1], 0 } : null;
	}

	/**
	 * A number in words or digits from {@code at}: "sixteen", "twenty eight", "one
	 * hundred and nineteen", "13". Returns {value, next index} or null.
	 */
	static int[] number(List<String> tokens, int at) {
		if (at >= tokens.size()) {
			return null;
		}
		String first = tokens.get(at);
		if (first.matches("\\d{1,3}")) {
			return new int[] { Integer.parseInt(first), at + 1 };
		}
		int value = 0;
		int next = at;
		if ((first.equals("a") || first.equals("one")) && at + 1 < tokens.size()
				&& tokens.get(at + 1).equals("hundred")) {
			value = 100;
			next = at + 2;
		}
		else if (first.equals("hundred")) {
			value = 100;
			next = at + 1;
		}
		if (value == 100 && next < tokens.size() && tokens.get(next).equals("and") && next + 1 < tokens.size()
				&& (UNITS.containsKey(tokens.get(next + 1)) || TENS.containsKey(tokens.get(next + 1)))) {
			next++;
		}
		if (next < tokens.size() && TENS.containsKey(tokens.get(next))) {
			value += TENS.get(tokens.get(next));
			next++;
			if (next < tokens.size() && UNITS.containsKey(tokens.get(next)) && UNITS.get(tokens.get(next)) < 10) {
				value += UNITS.get(tokens.get(next));
				next++;
			}
		}
		else if (next < tokens.size() && UNITS.containsKey(tokens.get(next))) {
			value += UNITS.get(tokens.get(next));
			next++;
		}
		return (next > at && value > 0) ? new int[] { value, next } : null;
	}

}
