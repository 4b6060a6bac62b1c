package io.sermonflow.transcript.vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sermonflow.error.RetryableException;
import io.sermonflow.transcript.TranscriptionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The offline engine's vocabulary ({@code SERMONFLOW_ASR_VOCABULARY}): {@code sermon}
 * (default) decodes with the sermon language model, {@code stock} with Debian's en-us
 * model. The sermon model is built once per set of inputs in the background after
 * start-up (about a minute of CPU), cached under {@code SERMONFLOW_ASR_CACHE_DIR}, and
 * reused by every later start and every node sharing the folder. Words staff add join the
 * model's {@code [staff]} class with a pronunciation from the CMU dictionary or the
 * letter-to-sound rule, and count from the next transcription on (which first expands
 * them into a copy of the model, about half a minute).
 */
@Component
public class Vocabulary {

	private static final Logger log = LoggerFactory.getLogger(Vocabulary.class);

	static final int MAX_WORDS = 2000;

	static final int MAX_WORD_LENGTH = 40;

	/**
	 * One build per cache folder per process: a test suite starts many contexts in one
	 * JVM.
	 */
	private static final Map<Path, CompletableFuture<Path>> BUILDS = new ConcurrentHashMap<>();

	private final Mode mode;

	private final Path cacheDir;

	private final boolean offline;

	private final JdbcVocabularyStore store;

	private final Clock clock;

	private final StockModel stock = StockModel.DEBIAN;

	private volatile CompletableFuture<Path> model = new CompletableFuture<>();

	private volatile Pronunciations pronunciations;

	Vocabulary(@Value("${sermonflow.asr.vocabulary:sermon}") String mode,
			@Value("${sermonflow.asr.cache-dir:${sermonflow.data-dir}/asr}") Path cacheDir,
			TranscriptionProperties transcription, JdbcVocabularyStore store, Clock clock) {
		this.mode = Mode.parse(mode);
		this.cacheDir = cacheDir.toAbsolutePath();
		this.offline = !transcription.usesDeepgram();
		this.store = store;
		this.clock = clock;
	}

	public enum Mode {

		SERMON, STOCK;

		static Mode parse(String value) {
			try {
				return valueOf(value.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"SERMONFLOW_ASR_VOCABULARY must be sermon or stock, not \"" + value + "\"");
			}
		}

	}

	public enum Source {

		/** The CMU pronouncing dictionary knows the word. */
		DICTIONARY,
		/** Pronounced by the letter-to-sound rule. */
		SPELLED

	}

	public record Word(String word, String pronunciation, Source source, String addedBy, Instant addedAt) {
	}

	/** Where the sermon model stands, for the console and the API. */
	public enum State {

		/** {@code SERMONFLOW_ASR_VOCABULARY=stock}, or Deepgram transcribes. */
		NOT_USED, BUILDING, READY, FAILED

	}

	public Mode mode() {
		return this.mode;
	}

	public State state() {
		if (this.mode == Mode.STOCK || !this.offline) {
			return State.NOT_USED;
		}
		CompletableFuture<Path> model = this.model;
		if (!model.isDone()) {
			return State.BUILDING;
		}
		return model.isCompletedExceptionally() ? State.FAILED : State.READY;
	}

	/** Why the build failed, when it did. */
	public Optional<String> failure() {
		try {
			if (this.model.isCompletedExceptionally()) {
				this.model.join();
			}
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Optional.of(cause.getMessage());
		}
	}

	public List<Word> words() {
		return this.store.all();
	}

	/**
	 * Adds each word of {@code text} ("Okonkwo", "Grace Fellowship"); words already there
	 * stay. A word is letters with inner apostrophes or hyphens, at most 40 of them.
	 */
	public List<Word> add(String text, String by) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("Field \"words\" is required: one or more words, such as \"Okonkwo\"");
		}
		List<String> words = new ArrayList<>();
		for (String raw : text.strip().toLowerCase(Locale.ROOT).replace('’', '\'').split("[\\s,]+")) {
			if (raw.length() > MAX_WORD_LENGTH) {
				throw new IllegalArgumentException(
						"\"" + raw + "\" is longer than " + MAX_WORD_LENGTH + " letters; add a name word by word");
			}
			if (!Pronunciations.WORD.matcher(raw).matches()) {
				throw new IllegalArgumentException("\"" + raw
						+ "\" is not a word the engine can learn: use letters, with apostrophes or hyphens inside");
			}
			if (!words.contains(raw)) {
				words.add(raw);
			}
		}
		if (words.size() > 20) {
			throw new IllegalArgumentException("At most 20 words at a time, not " + words.size());
		}
		if (this.store.count() + words.size() > MAX_WORDS) {
			throw new IllegalArgumentException("The vocabulary holds at most " + MAX_WORDS + " added words");
		}
		Pronunciations pronunciations = pronunciations();
		Instant now = this.clock.instant();
		List<Word> added = new ArrayList<>();
		for (String word : words) {
			boolean known = pronunciations.knows(word);
			Word entry = new Word(word, pronunciations.of(word), known ? Source.DICTIONARY : Source.SPELLED, by, now);
			this.store.add(entry);
			added.add(entry);
		}
		return added;
	}

	public boolean remove(String word) {
		return this.store.remove(word.toLowerCase(Locale.ROOT));
	}

	/**
	 * The {@code pocketsphinx_continuous} options for the next transcription: none for
	 * the stock model; the sermon model with the added words otherwise. Waits up to
	 * {@code wait} for a build under way.
	 */
	public List<String> decoderOptions(Duration wait) {
		if (this.mode == Mode.STOCK) {
			return List.of();
		}
		Path dir;
		try {
			dir = this.model.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new RetryableException("The sermon vocabulary is still being built; try again in a few minutes");
		}
		catch (ExecutionException ex) {
			// the model could not be built (the log and the vocabulary page say why):
			// transcribe with the stock model rather than not at all
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while waiting for the sermon vocabulary", ex);
		}
		try {
			return options(dir, words());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while adding the staff words to the sermon vocabulary", ex);
		}
	}

	/**
	 * The decoder options of the sermon model in {@code cacheDir} with no added words,
	 * built first when missing: for benchmarks that compare it with the stock model.
	 */
	public static List<String> sermonModelOptions(Path cacheDir) throws IOException, InterruptedException {
		Path dir = VocabularyCache.ensureBuilt(cacheDir.toAbsolutePath(), StockModel.DEBIAN);
		return List.of("-lm", dir.resolve(LanguageModelBuild.MODEL).toString(), "-dict",
				dir.resolve(LanguageModelBuild.DICTIONARY).toString());
	}

	/**
	 * The sermon model with the staff words expanded into it ({@link StaffWords}), built
	 * once per set of words (about half a minute) in files named by their content.
	 */
	private List<String> options(Path dir, List<Word> words) throws IOException, InterruptedException {
		Path model = dir.resolve(LanguageModelBuild.MODEL);
		Path dictionary = dir.resolve(LanguageModelBuild.DICTIONARY);
		if (words.isEmpty()) {
			return List.of("-lm", model.toString(), "-dict", dictionary.toString());
		}
		Map<String, String> extra = new LinkedHashMap<>();
		words.forEach((word) -> extra.put(word.word(), word.pronunciation()));
		String id = VocabularyCache.sha256(extra.toString()).substring(0, 16);
		Path staff = Files.createDirectories(dir.resolve("staff"));
		Path staffModel = staff.resolve(id + ".lm.bin");
		Path staffDictionary = staff.resolve(id + ".dict");
		synchronized (STAFF_BUILDS) {
			if (!Files.exists(staffDictionary)) {
				Path tmpModel = staff.resolve(id + ".lm.bin.tmp");
				StaffWords.expand(model, extra, tmpModel);
				Files.move(tmpModel, staffModel, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				Path tmp = Files.createTempFile(staff, "dict", ".tmp");
				Files.copy(dictionary, tmp, StandardCopyOption.REPLACE_EXISTING);
				StringBuilder lines = new StringBuilder();
				extra.forEach((word, phones) -> lines.append(word).append(' ').append(phones).append('\n'));
				Files.writeString(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
				Files.move(tmp, staffDictionary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		return List.of("-lm", staffModel.toString(), "-dict", staffDictionary.toString());
	}

	private static final Object STAFF_BUILDS = new Object();

	private Pronunciations pronunciations() {
		if (this.pronunciations == null) {
			try {
				this.pronunciations = Pronunciations.read(this.stock.dictionary());
			}
			catch (IOException ex) {
				throw new IllegalStateException("The CMU dictionary of pocketsphinx-en-us cannot be read at "
						+ this.stock.dictionary() + ": install the Debian package pocketsphinx-en-us", ex);
			}
		}
		return this.pronunciations;
	}

	@EventListener(ApplicationReadyEvent.class)
	void buildInBackground() {
		if (this.mode == Mode.STOCK || !this.offline) {
			return;
		}
		Thread builder = new Thread(this::build, "sermonflow-vocabulary");
		builder.setDaemon(true);
		builder.start();
	}

	private void build() {
		try {
			CompletableFuture<Path> shared;
			boolean first;
			synchronized (BUILDS) {
				first = !BUILDS.containsKey(this.cacheDir);
				shared = BUILDS.computeIfAbsent(this.cacheDir, (key) -> new CompletableFuture<>());
			}
			CompletableFuture<Path> mine = this.model;
			shared.whenComplete((path, failure) -> {
				if (failure != null) {
					mine.completeExceptionally(failure);
				}
				else {
					mine.complete(path);
				}
			});
			if (first) {
				long start = System.nanoTime();
				Path dir = VocabularyCache.ensureBuilt(this.cacheDir, this.stock);
				log.info("The sermon vocabulary is ready in {} ({} s)", dir,
						(System.nanoTime() - start) / 1_000_000_000);
				shared.complete(dir);
			}
		}
		catch (RuntimeException | IOException ex) {
			log.warn("The sermon vocabulary could not be built ({}); the offline engine uses its stock model",
					ex.getMessage());
			BUILDS.remove(this.cacheDir);
			this.model.completeExceptionally(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			BUILDS.remove(this.cacheDir);
			this.model.completeExceptionally(ex);
		}
	}

}
