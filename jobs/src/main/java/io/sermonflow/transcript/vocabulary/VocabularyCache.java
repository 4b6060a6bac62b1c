package io.sermonflow.transcript.vocabulary;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.sermonflow.scripture.WorldEnglishBible;
import io.sermonflow.files.Folders;

/**
 * The built sermon model in its cache folder, one sub-folder per set of inputs (the
 * build's version, the Bible text, the sermon phrases, the stock model and the mix
 * weight), so a change of any input builds anew and nothing else does. A file lock keeps
 * concurrent builders (nodes sharing the folder, the launcher and a test suite) to one.
 *
 * <p>
 * {@code main} is what {@code ./sermonflow run} and {@code test} call at install time:
 * {@code java … VocabularyCache <cache folder>}.
 */
final class VocabularyCache {

	/** Bump when the build itself changes, so caches of the old build are not reused. */
	static final String BUILD_VERSION = "2";

	static final String READY = "ready";

	private static final String LOCK = "build.lock";

	private static final String BUILDING = "building-";

	private VocabularyCache() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: VocabularyCache <cache folder>");
			System.exit(2);
		}
		long start = System.nanoTime();
		Path dir = ensureBuilt(Path.of(args[0]).toAbsolutePath(), StockModel.DEBIAN);
		System.out
			.println("sermon vocabulary ready in " + dir + " (" + (System.nanoTime() - start) / 1_000_000_000 + " s)");
	}

	/** The folder of the sermon model for today's inputs, built first when missing. */
	static Path ensureBuilt(Path cacheDir, StockModel stock) throws IOException, InterruptedException {
		List<String> bible = WorldEnglishBible.verseTexts()
			.orElseThrow(() -> new IOException(
					"The World English Bible is missing: install the Debian packages diatheke and sword-text-web"));
		if (!Files.exists(stock.languageModel())) {
			throw new IOException(
					"The stock model is missing at " + stock.languageModel() + ": install pocketsphinx-en-us");
		}
		String inputs = sha256(
				BUILD_VERSION + "\n" + String.join("\n", bible) + "\n" + String.join("\n", SermonCorpus.phrases())
						+ "\n" + Files.size(stock.languageModel()) + "\n" + LanguageModelBuild.DOMAIN_WEIGHT);
		Path dir = cacheDir.resolve("sermon-" + inputs.substring(0, 16));
		if (Files.exists(dir.resolve(READY))) {
			clearAbandonedBuilds(cacheDir);
			return dir;
		}
		Files.createDirectories(cacheDir);
		try (FileChannel channel = FileChannel.open(cacheDir.resolve(LOCK), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			if (Files.exists(dir.resolve(READY))) {
				return dir;
			}
			deleteAbandoned(cacheDir);
			Path work = Files.createTempDirectory(cacheDir, BUILDING);
			try {
				LanguageModelBuild.build(work, bible, stock);
				// the marker's presence is what counts; its text is for a person looking
				Files.writeString(work.resolve(READY), "built from the inputs this folder is named after\n");
				if (Files.exists(dir)) {
					Folders.delete(dir);
				}
				Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				if (Files.exists(work)) {
					Folders.delete(work);
				}
			}
			return dir;
		}
	}

	/**
	 * Deletes the work folders of builds whose process died (a build holds the lock
	 * throughout, so when nobody holds it, every work folder is abandoned).
	 */
	static void clearAbandonedBuilds(Path cacheDir) throws IOException {
		if (!Files.exists(cacheDir.resolve(LOCK))) {
			return;
		}
		try (FileChannel channel = FileChannel.open(cacheDir.resolve(LOCK), StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return;
			}
			try (lock) {
				deleteAbandoned(cacheDir);
			}
		}
		catch (OverlappingFileLockException ex) {
			// this JVM is building: not abandoned
		}
	}

	private static void deleteAbandoned(Path cacheDir) throws IOException {
		try (var entries = Files.list(cacheDir)) {
			for (Path entry : entries.filter((path) -> path.getFileName().toString().startsWith(BUILDING)).toList()) {
				Folders.delete(entry);
			}
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
