package io.sermonflow.scripture;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 66 books of the Protestant canon: OSIS id, the name people read out, how many
 * chapters, and the names and abbreviations they are cited by. Numbered books share a
 * base name ({@code corinthians}) and take an ordinal before it.
 */
public enum Book {

	GEN("Gen", "Genesis", 50, "genesis", "gen", "gn"), EXOD("Exod", "Exodus", 40, "exodus", "exod", "ex"),
	LEV("Lev", "Leviticus", 27, "leviticus", "lev", "lv"), NUM("Num", "Numbers", 36, "numbers", "num", "nm"),
	DEUT("Deut", "Deuteronomy", 34, "deuteronomy", "deut", "dt"), JOSH("Josh", "Joshua", 24, "joshua", "josh"),
	JUDG("Judg", "Judges", 21, "judges", "judg", "jdg"), RUTH("Ruth", "Ruth", 4, "ruth", "ru"),
	SAM1("1Sam", "1 Samuel", 31, 1, "samuel", "sam", "sm"), SAM2("2Sam", "2 Samuel", 24, 2, "samuel", "sam", "sm"),
	KGS1("1Kgs", "1 Kings", 22, 1, "kings", "kgs", "ki"), KGS2("2Kgs", "2 Kings", 25, 2, "kings", "kgs", "ki"),
	CHR1("1Chr", "1 Chronicles", 29, 1, "chronicles", "chron", "chr"),
	CHR2("2Chr", "2 Chronicles", 36, 2, "chronicles", "chron", "chr"), EZRA("Ezra", "Ezra", 10, "ezra", "ezr"),
	NEH("Neh", "Nehemiah", 13, "nehemiah", "neh"), ESTH("Esth", "Esther", 10, "esther", "esth", "est"),
	JOB("Job", "Job", 42, "job", "jb"), PS("Ps", "Psalm", 150, "psalm", "psalms", "ps", "psa", "pss"),
	PROV("Prov", "Proverbs", 31, "proverbs", "prov", "prv", "pr"),
	ECCL("Eccl", "Ecclesiastes", 12, "ecclesiastes", "eccl", "eccles", "ecc", "qoheleth"),
	SONG("Song", "Song of Songs", 8, "song of solomon", "song of songs", "songs", "song", "sos"),
	ISA("Isa", "Isaiah", 66, "isaiah", "isa", "is"), JER("Jer", "Jeremiah", 52, "jeremiah", "jer"),
	LAM("Lam", "Lamentations", 5, "lamentations", "lam"), EZEK("Ezek", "Ezekiel", 48, "ezekiel", "ezek", "ezk"),
	DAN("Dan", "Daniel", 12, "daniel", "dan", "dn"), HOS("Hos", "Hosea", 14, "hosea", "hos"),
	JOEL("Joel", "Joel", 3, "joel", "jl"), AMOS("Amos", "Amos", 9, "amos", "am"),
	OBAD("Obad", "Obadiah", 1, "obadiah", "obad", "ob"), JONAH("Jonah", "Jonah", 4, "jonah", "jon"),
	MIC("Mic", "Micah", 7, "micah", "mic"), NAH("Nah", "Nahum", 3, "nahum", "nah"),
	HAB("Hab", "Habakkuk", 3, "habakkuk", "hab"), ZEPH("Zeph", "Zephaniah", 3, "zephaniah", "zeph"),
	HAG("Hag", "Haggai", 2, "haggai", "hag"), ZECH("Zech", "Zechariah", 14, "zechariah", "zech"),
	MAL("Mal", "Malachi", 4, "malachi", "mal"), MATT("Matt", "Matthew", 28, "matthew", "matt", "mt"),
	MARK("Mark", "Mark", 16, "mark", "mk", "mrk"), LUKE("Luke", "Luke", 24, "luke", "lk"),
	JOHN("John", "John", 21, "john", "jn", "jhn"), ACTS("Acts", "Acts", 28, "acts"),
	ROM("Rom", "Romans", 16, "romans", "rom", "rm"), COR1("1Cor", "1 Corinthians", 16, 1, "corinthians", "cor"),
	COR2("2Cor", "2 Corinthians", 13, 2, "corinthians", "cor"), GAL("Gal", "Galatians", 6, "galatians", "gal"),
	EPH("Eph", "Ephesians", 6, "ephesians", "eph"), PHIL("Phil", "Philippians", 4, "philippians", "phil", "php"),
	COL("Col", "Colossians", 4, "colossians", "col"),
	THESS1("1Thess", "1 Thessalonians", 5, 1, "thessalonians", "thess", "th"),
	THESS2("2Thess", "2 Thessalonians", 3, 2, "thessalonians", "thess", "th"),
	TIM1("1Tim", "1 Timothy", 6, 1, "timothy", "tim", "tm"), TIM2("2Tim", "2 Timothy", 4, 2, "timothy", "tim", "tm"),
	TITUS("Titus", "Titus", 3, "titus", "tit"), PHLM("Phlm", "Philemon", 1, "philemon", "phlm", "philem"),
	HEB("Heb", "Hebrews", 13, "hebrews", "heb"), JAS("Jas", "James", 5, "james", "jas", "jm"),
	PET1("1Pet", "1 Peter", 5, 1, "peter", "pet", "pt"), PET2("2Pet", "2 Peter", 3, 2, "peter", "pet", "pt"),
	JOHN1("1John", "1 John", 5, 1, "john", "jn", "jhn"), JOHN2("2John", "2 John", 1, 2, "john", "jn", "jhn"),
	JOHN3("3John", "3 John", 1, 3, "john", "jn", "jhn"), JUDE("Jude", "Jude", 1, "jude", "jud"),
	REV("Rev", "Revelation", 22, "revelation", "revelations", "rev", "rv");

	/** The OSIS id: {@code 1Cor}. */
	public final String osis;

	/** The name as read out: {@code 1 Corinthians}. */
	public final String display;

	public final int chapters;

	/** 0, or 1 to 3 for a numbered book. */
	final int number;

	/** Lower-case names, of one or more words, without the number. */
	final List<String> names;

	Book(String osis, String display, int chapters, String... names) {
		this(osis, display, chapters, 0, names);
	}

	Book(String osis, String display, int chapters, int number, String... names) {
		this.osis = osis;
		this.display = display;
		this.chapters = chapters;
		this.number = number;
		this.names = List.of(names);
	}

	private static final Map<String, Book> BY_OSIS = new HashMap<>();

	static {
		for (Book book : values()) {
			BY_OSIS.put(book.osis.toLowerCase(Locale.ROOT), book);
		}
	}

	public static Optional<Book> ofOsis(String osis) {
		return Optional.ofNullable(BY_OSIS.get(osis.toLowerCase(Locale.ROOT)));
	}

	/** The book of this name with this number (0 for none), if any. */
	static Optional<Book> named(String name, int number) {
		for (Book book : values()) {
			if (book.number == number && book.names.contains(name)) {
				return Optional.of(book);
			}
		}
		return Optional.empty();
	}

	/**
	 * Whether this is the book's full name (or another full form, like "psalms"), rather
	 * than an abbreviation, which counts only when a written number follows it.
	 */
	boolean fullName(String name) {
		return name.equals(this.names.get(0)) || FULL_FORMS.contains(name);
	}

	private static final java.util.Set<String> FULL_FORMS = java.util.Set.of("psalms", "revelations", "song of songs",
			"qoheleth");

	/**
	 * Whether the name is also a first name or an everyday word ("John three said"), so a
	 * bare chapter is not enough: it needs a verse, the word "chapter", or a written
	 * number.
	 */
	boolean everydayWord() {
		return switch (this) {
			case JOHN, MARK, LUKE, JAS, JUDE, JOB, NUM, DAN, RUTH, ESTH, TITUS, AMOS, JOEL, JONAH, JUDG, ACTS -> true;
			default -> false;
		};
	}

}
