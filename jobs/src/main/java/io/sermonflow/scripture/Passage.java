package io.sermonflow.scripture;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chapter, a verse or a range of verses in one chapter. {@code verse} and
 * {@code endVerse} are null for a whole chapter; {@code endVerse} is null for one verse.
 */
public record Passage(Book book, int chapter, Integer verse, Integer endVerse) {

	/** The longest chapter (Psalm 119) has 176 verses. */
	static final int MAX_VERSE = 176;

	private static final Pattern OSIS = Pattern
		.compile("([1-3]?[A-Za-z]+)\\.(\\d{1,3})(?:\\.(\\d{1,3})(?:-\\1\\.\\2\\.(\\d{1,3}))?)?");

	private static final Pattern WRITTEN = Pattern.compile(
			"(?i)\\s*(?:([1-3]|i{1,3}|first|second|third)\\s*)?([a-z][a-z .]*?)\\.?\\s+(\\d{1,3})(?:\\s*:\\s*(\\d{1,3})(?:\\s*[-–]\\s*(\\d{1,3}))?)?\\s*");

	public Passage {
		if (chapter < 1 || chapter > book.chapters) {
			throw new IllegalArgumentException(book.display + " has " + book.chapters
					+ ((book.chapters == 1) ? " chapter" : " chapters") + ", not " + chapter);
		}
		if (verse != null && (verse < 1 || verse > MAX_VERSE)) {
			throw new IllegalArgumentException(book.display + " " + chapter + " has no verse " + verse);
		}
		if (endVerse != null && (verse == null || endVerse <= verse || endVerse > MAX_VERSE)) {
			throw new IllegalArgumentException("A range in " + book.display + " " + chapter
					+ " must end after it starts, not at verse " + endVerse);
		}
	}

	/** OSIS: {@code John.3.16}, {@code Matt.13.31-Matt.13.32}, {@code 1Cor.13}. */
	public String osis() {
		String start = this.book.osis + "." + this.chapter + ((this.verse != null) ? "." + this.verse : "");
		return (this.endVerse != null) ? start + "-" + this.book.osis + "." + this.chapter + "." + this.endVerse
				: start;
	}

	/**
	 * As read out: {@code John 3:16}, {@code Matthew 13:31–32}, {@code 1 Corinthians 13}.
	 */
	public String display() {
		return this.book.display + " " + this.chapter + ((this.verse != null) ? ":" + this.verse : "")
				+ ((this.endVerse != null) ? "–" + this.endVerse : "");
	}

	/**
	 * Whether this passage lies in {@code osis}, a book ({@code Rom}), a chapter
	 * ({@code Rom.8}) or a verse ({@code Rom.8.28}).
	 */
	public boolean within(String osis) {
		String[] parts = osis.split("\\.");
		if (!parts[0].equalsIgnoreCase(this.book.osis)) {
			return false;
		}
		if (parts.length < 2) {
			return true;
		}
		if (Integer.parseInt(parts[1]) != this.chapter) {
			return false;
		}
		if (parts.length < 3 || this.verse == null) {
			return true;
		}
		int wanted = Integer.parseInt(parts[2]);
		return wanted >= this.verse && wanted <= ((this.endVerse != null) ? this.endVerse : this.verse);
	}

	/**
	 * A reference as staff type it, written ({@code Romans 8:28}, {@code 1 Cor 13},
	 * {@code Matthew 13:31-32}) or in OSIS ({@code Rom.8.28}).
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public static Passage parse(String reference) {
		String text = (reference != null) ? reference.strip() : "";
		Matcher osis = OSIS.matcher(text);
		if (osis.matches()) {
			Book book = Book.ofOsis(osis.group(1))
				.orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" names no book of the Bible"));
			return new Passage(book, Integer.parseInt(osis.group(2)), number(osis.group(3)), number(osis.group(4)));
		}
		Matcher written = WRITTEN.matcher(text);
		if (!written.matches()) {
			throw new IllegalArgumentException("\"" + text
					+ "\" is not a reference such as \"Romans 8:28\", \"1 Corinthians 13\" or \"Rom.8.28\"");
		}
		int number = ordinal(written.group(1));
		String name = written.group(2).toLowerCase(Locale.ROOT).replace(".", "").strip().replaceAll("\\s+", " ");
		Book book = Book.named(name, number)
			.orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" names no book of the Bible"));
		int chapter = Integer.parseInt(written.group(3));
		Integer verse = number(written.group(4));
		if (book.chapters == 1 && verse == null) {
			// Jude 3 is a verse: the book has one chapter
			return new Passage(book, 1, chapter, null);
		}
		return new Passage(book, chapter, verse, number(written.group(5)));
	}

	/**
	 * A filter as listeners and integrators give it: a book ({@code Rom}), a chapter
	 * ({@code Rom.8}) or a verse ({@code Rom.8.28}) in OSIS, checked and in its canonical
	 * spelling.
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public static String filter(String osis) {
		String[] parts = (osis != null) ? osis.strip().split("\\.", -1) : new String[] { "" };
		Book book = Book.ofOsis(parts[0])
			.orElseThrow(() -> new IllegalArgumentException("Parameter \"passage\" (\"" + osis
					+ "\") must be an OSIS book, chapter or verse, such as Rom, Rom.8 or Rom.8.28"));
		if (parts.length == 1) {
			return book.osis;
		}
		if (parts.length > 3 || !String.join(".", java.util.Arrays.copyOfRange(parts, 1, parts.length))
			.matches("\\d{1,3}(\\.\\d{1,3})?")) {
			throw new IllegalArgumentException("Parameter \"passage\" (\"" + osis
					+ "\") must be an OSIS book, chapter or verse, such as Rom, Rom.8 or Rom.8.28");
		}
		Passage passage = new Passage(book, Integer.parseInt(parts[1]),
				(parts.length == 3) ? Integer.valueOf(parts[2]) : null, null);
		return passage.osis();
	}

	static int ordinal(String word) {
		if (word == null) {
			return 0;
		}
		return switch (word.toLowerCase(Locale.ROOT)) {
			case "1", "i", "first", "1st", "one" -> 1;
			case "2", "ii", "second", "2nd", "two" -> 2;
			case "3", "iii", "third", "3rd", "three" -> 3;
			default -> 0;
		};
	}

	private static Integer number(String digits) {
		return (digits != null) ? Integer.valueOf(digits) : null;
	}

}
