package io.sermonflow.transcript.voice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sermonflow.dag.Subprocesses;
import io.sermonflow.error.PermanentException;
import io.sermonflow.files.Folders;

/**
 * Adapts the en-us acoustic model to one voice: SphinxTrain's {@code bw} counts how the
 * voice's recordings align with their text, and {@code map_adapt} moves the model's
 * Gaussians towards them (maximum a posteriori, so states the recordings do not reach
 * keep the stock values). The result is a complete model folder for PocketSphinx's
 * {@code -hmm}. It fits that voice and hears other voices worse (measured in
 * docs/benchmarks.md), so it is only ever used for the voice it was made from.
 */
public final class VoiceAdaptation {

	/** Debian's {@code pocketsphinx-en-us} acoustic model. */
	public static final Path STOCK_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us/en-us");

	/** Debian's pronunciation dictionary, which the alignment spells words with. */
	public static final Path STOCK_DICTIONARY = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

	private static final Path SPHINXTRAIN = Path.of("/usr/lib/sphinxtrain");

	/**
	 * One recorded sentence and what was said: 16 kHz mono 16-bit WAV, lower-case words.
	 */
	public record Utterance(Path wav, String text) {
	}

	/** What an adaptation used. */
	public record Adapted(int utterances, int skipped, double seconds) {
	}

	private VoiceAdaptation() {
	}

	/**
	 * Builds the adapted model and makes {@code out} name it (a link to a version folder,
	 * replaced in one step when it exists: see {@link ModelVersions}). Utterances with a
	 * word the dictionary cannot spell are left out, as the alignment needs every word's
	 * sounds.
	 * @throws PermanentException when a SphinxTrain or PocketSphinx tool is not installed
	 */
	public static Adapted adapt(List<Utterance> utterances, Path out) throws IOException, InterruptedException {
		Set<String> known = dictionaryWords(STOCK_DICTIONARY);
		List<Utterance> usable = new ArrayList<>();
		for (Utterance utterance : utterances) {
			List<String> words = words(utterance.text());
			if (!words.isEmpty() && known.containsAll(words)) {
				usable.add(utterance);
			}
		}
		if (usable.isEmpty()) {
			throw new IOException("No usable utterance to adapt from (" + utterances.size() + " given)");
		}
		Path work = Files.createTempDirectory("sermonflow-voice-");
		try {
			Path model = work.resolve("model");
			Files.createDirectories(model);
			try (Stream<Path> files = Files.list(STOCK_MODEL)) {
				for (Path file : files.toList()) {
					Files.copy(file, model.resolve(file.getFileName()));
				}
			}
			MixtureWeights.fromSendump(model.resolve("sendump"), model.resolve("mixture_weights"));
			Path mdef = work.resolve("mdef.txt");
			run(work, List.of("pocketsphinx_mdef_convert", "-text", model.resolve("mdef").toString(), mdef.toString()),
					"pocketsphinx");
			List<String> ids = new ArrayList<>();
			List<String> transcription = new ArrayList<>();
			double seconds = 0;
			for (int i = 0; i < usable.size(); i++) {
				String id = "u" + i;
				Files.copy(usable.get(i).wav(), work.resolve(id + ".wav"));
				seconds += Math.max(0, Files.size(usable.get(i).wav()) - 44) / 32_000.0;
				ids.add(id);
				transcription.add("<s> " + String.join(" ", words(usable.get(i).text())) + " </s> (" + id + ")");
			}
			Files.write(work.resolve("fileids"), ids, StandardCharsets.UTF_8);
			Files.write(work.resolve("transcription"), transcription, StandardCharsets.UTF_8);
			run(work,
					List.of("sphinx_fe", "-argfile", model.resolve("feat.params").toString(), "-samprate", "16000",
							"-c", "fileids", "-di", ".", "-do", ".", "-ei", "wav", "-eo", "mfc", "-mswav", "yes"),
					"sphinxbase-utils");
			run(work,
					List.of(SPHINXTRAIN.resolve("bw").toString(), "-hmmdir", model.toString(), "-moddeffn",
							mdef.toString(), "-ts2cbfn", ".ptm.", "-feat", "1s_c_d_dd", "-svspec", "0-12/13-25/26-38",
							"-cmn", "batch", "-agc", "none", "-dictfn", STOCK_DICTIONARY.toString(), "-fdictfn",
							model.resolve("noisedict").toString(), "-ctlfn", "fileids", "-lsnfn", "transcription",
							"-accumdir", "."),
					"sphinxtrain");
			Path adapted = work.resolve("adapted");
			Files.createDirectories(adapted);
			run(work, List.of(SPHINXTRAIN.resolve("map_adapt").toString(), "-moddeffn", mdef.toString(), "-ts2cbfn",
					".ptm.", "-meanfn", model.resolve("means").toString(), "-varfn",
					model.resolve("variances").toString(), "-mixwfn", model.resolve("mixture_weights").toString(),
					"-tmatfn", model.resolve("transition_matrices").toString(), "-accumdir", ".", "-mapmeanfn",
					adapted.resolve("means").toString(), "-mapvarfn", adapted.resolve("variances").toString(),
					"-mapmixwfn", adapted.resolve("mixture_weights").toString(), "-maptmatfn",
					adapted.resolve("transition_matrices").toString()), "sphinxtrain");
			// PocketSphinx prefers sendump to mixture_weights: the stock one must go
			for (String name : List.of("mdef", "feat.params", "noisedict")) {
				Files.copy(model.resolve(name), adapted.resolve(name));
			}
			Path version = ModelVersions.newVersion(out);
			try (Stream<Path> files = Files.list(adapted)) {
				for (Path file : files.toList()) {
					Files.copy(file, version.resolve(file.getFileName()));
				}
			}
			ModelVersions.publish(version, out);
			return new Adapted(usable.size(), utterances.size() - usable.size(), seconds);
		}
		finally {
			Folders.delete(work);
		}
	}

	/** Lower-case words, letters and apostrophes only, as the dictionary spells them. */
	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	private static Set<String> dictionaryWords(Path dictionary) throws IOException {
		Set<String> words = new HashSet<>();
		try (Stream<String> lines = Files.lines(dictionary, StandardCharsets.UTF_8)) {
			lines.forEach((line) -> {
				int space = line.indexOf(' ');
				if (space > 0) {
					words.add(line.substring(0, space).replaceAll("\\(\\d+\\)$", ""));
				}
			});
		}
		return words;
	}

	private static void run(Path dir, List<String> command, String debianPackage)
			throws IOException, InterruptedException {
		Path log = dir.resolve("adapt.log");
		Process process;
		try {
			process = Subprocesses.start(new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
		}
		catch (IOException ex) {
			// trying again will not install it
			throw new PermanentException(Path.of(command.get(0)).getFileName()
					+ " is missing: install the Debian package " + debianPackage + " (./sermonflow run and test do)");
		}
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			Subprocesses.destroyTree(process);
			throw new IOException(command.get(0) + " did not finish within 30 minutes");
		}
		if (process.exitValue() != 0) {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			throw new IOException(
					Path.of(command.get(0)).getFileName() + " failed with exit code " + process.exitValue() + ": "
							+ String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
		}
	}

}
