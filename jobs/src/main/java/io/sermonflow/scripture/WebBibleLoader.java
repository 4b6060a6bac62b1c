package io.sermonflow.scripture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.embedding.Embedder;
import io.sermonflow.text.PlainText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the World English Bible into {@link BibleText} once per database, from Debian's
 * {@code sword-text-web} module read with {@code diatheke} (both installed by
 * {@code ./sermonflow run} and {@code test}). Runs in the background after start-up
 * (about 15 s); without diatheke, passages simply show no text and the log says what to
 * install.
 */
@Component
class WebBibleLoader {

	private static final Logger log = LoggerFactory.getLogger(WebBibleLoader.class);

	static final String MODULE = "engWEB2015eb";

	/**
	 * A verse's key, as diatheke names books ({@code I John}, {@code Song of Solomon},
	 * {@code Revelation of John}): single spaces inside a name, so a heading before it
	 * (two spaces) is not taken for part of it.
	 */
	private static final Pattern KEY = Pattern
		.compile("((?:I{1,3}|IV) )?([A-Z][a-z]+(?: (?:of|[A-Z][a-z]+))*) (\\d{1,3}):(\\d{1,3}): ");

	private static final Pattern NOTE = Pattern.compile("<note\\b[^>]*?(?:/>|>.*?</note>)");

	private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*?(?:/>|>.*?</title>)");

	private static final Pattern BREAK = Pattern.compile("<(?:milestone|l|lg)\\b[^>]*/?>");

	/** One load per process: test suites start many application contexts in one JVM. */
	private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

	private final BibleText bible;

	private final VerseIndex index;

	private final Embedder embedder;

	/**
	 * Whether this node builds the verse index when it is missing
	 * ({@code SERMONFLOW_SCRIPTURE_BUILD_VERSE_INDEX}, default true): minutes of CPU, so
	 * a small worker can leave it to another node.
	 */
	private final boolean buildsIndex;

	WebBibleLoader(BibleText bible, VerseIndex index, Embedder embedder,
			@org.springframework.beans.factory.annotation.Value("${sermonflow.scripture.build-verse-index:true}") boolean buildsIndex) {
		this.buildsIndex = buildsIndex;
		this.bible = bible;
		this.index = index;
		this.embedder = embedder;
	}

	@EventListener(ApplicationReadyEvent.class)
	void loadInBackground() {
		if (!STARTED.compareAndSet(false, true)) {
			return;
		}
		Thread loader = new Thread(this::loadIfMissing, "sermonflow-bible");
		loader.setDaemon(true);
		loader.start();
	}

	void loadIfMissing() {
		try {
			if (this.bible.count() < BibleText.LOADED) {
				long start = System.nanoTime();
				Optional<List<BibleText.Verse>> verses = export();
				if (verses.isEmpty()) {
					return;
				}
				this.bible.add(verses.get());
				log.info("Loaded {} verses of the World English Bible in {} ms", verses.get().size(),
						(System.nanoTime() - start) / 1_000_000);
			}
			if (this.buildsIndex && !this.index.ready()) {
				long start = System.nanoTime();
				List<BibleText.Verse> verses = this.bible.all();
				this.index.build(verses, this.embedder);
				log.info("Embedded {} verses for finding quoted passages in {} s", verses.size(),
						(System.nanoTime() - start) / 1_000_000_000);
			}
		}
		catch (RuntimeException | IOException ex) {
			// the next application context in this process tries again (a test suite's
			// first context may close while its load runs)
			STARTED.set(false);
			log.warn("The Bible text could not be loaded ({}); passages show without their text", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Optional<List<BibleText.Verse>> export() throws IOException, InterruptedException {
		Path out = Files.createTempFile("sermonflow-web", ".txt");
		try {
			Process process;
			try {
				process = new ProcessBuilder("diatheke", "-b", MODULE, "-f", "OSIS", "-o", "f", "-k",
						"Gen 1:1-Rev 22:21")
					.redirectOutput(out.toFile())
					.redirectError(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				log.warn("diatheke is not installed, so passages show without their text: install the Debian"
						+ " packages diatheke and sword-text-web (./sermonflow run does)");
				return Optional.empty();
			}
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("diatheke gave no Bible text within 120 s");
			}
			try (Reader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
				List<BibleText.Verse> verses = parse(reader);
				if (verses.size() < BibleText.LOADED) {
					log.warn("diatheke gave {} verses of {}; is sword-text-web installed?", verses.size(), MODULE);
					return Optional.empty();
				}
				return Optional.of(verses);
			}
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	/**
	 * diatheke's OSIS output, a verse a line: {@code Book C:V: text} with the text as
	 * OSIS XML. The module's footnotes sit between words without a space
	 * ({@code God<note>…</note><w>created</w>}), so a note becomes a space rather than
	 * nothing; a line may start with a stale heading before the key (diatheke repeats a
	 * psalm's title), which is not verse text, nor are titles. Books outside the
	 * Protestant canon are left out.
	 */
	static List<BibleText.Verse> parse(Reader input) throws IOException {
		BufferedReader reader = new BufferedReader(input);
		List<BibleText.Verse> verses = new ArrayList<>();
		String line;
		while ((line = reader.readLine()) != null) {
			Matcher key = KEY.matcher(line);
			if (!key.find()) {
				continue;
			}
			Optional<Book> book = book(key.group(1), key.group(2));
			int verse = Integer.parseInt(key.group(4));
			if (book.isEmpty() || verse < 1) {
				continue;
			}
			String text = text(line.substring(key.end()));
			if (!text.isEmpty()) {
				verses.add(new BibleText.Verse(book.get(), Integer.parseInt(key.group(3)), verse, text));
			}
		}
		return verses;
	}

	/** A verse's OSIS as the text a listener reads. */
	static String text(String osis) {
		String text = NOTE.matcher(osis).replaceAll(" ");
		text = TITLE.matcher(text).replaceAll(" ");
		text = BREAK.matcher(text).replaceAll(" ");
		text = PlainText.ofHtml(text, 10_000);
		if (text == null) {
			return "";
		}
		return text.replaceAll("\\s+", " ").replaceAll(" ([,.;:!?’”)])", "$1").strip();
	}

	/**
	 * diatheke's book names: {@code I John}, {@code Psalms}, {@code Revelation of John}.
	 */
	static Optional<Book> book(String roman, String name) {
		int number = (roman == null) ? 0 : switch (roman.strip()) {
			case "I" -> 1;
			case "II" -> 2;
			case "III" -> 3;
			default -> 4;
		};
		String lower = name.strip().toLowerCase(Locale.ROOT);
		if (lower.equals("revelation of john")) {
			lower = "revelation";
		}
		return Book.named(lower, number);
	}

}
