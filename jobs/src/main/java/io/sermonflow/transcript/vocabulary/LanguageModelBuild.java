package io.sermonflow.transcript.vocabulary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sermonflow.dag.Subprocesses;

/**
 * Builds the sermon language model in a folder: a trigram model of the
 * {@link SermonCorpus} estimated by IRSTLM ({@code tlm}, Witten-Bell), mixed with the
 * stock en-us model ({@link SphinxTrieReader}, {@link Interpolation}) and converted to
 * PocketSphinx's binary format by {@code sphinx_lm_convert}; and the pronunciation
 * dictionary with the corpus' spelled words.
 */
final class LanguageModelBuild {

	/** The sermon model's share of the mix; the stock model keeps everyday speech. */
	static final double DOMAIN_WEIGHT = 0.5;

	static final String MODEL = "sermon.lm.bin";

	static final String DICTIONARY = "sermon.dict";

	static final String TLM = "/usr/lib/irstlm/bin/tlm";

	private LanguageModelBuild() {
	}

	static void build(Path dir, List<String> bibleTexts, StockModel stock) throws IOException, InterruptedException {
		Files.createDirectories(dir);
		Pronunciations pronunciations = Pronunciations.read(stock.dictionary());
		SermonCorpus corpus = SermonCorpus.of(bibleTexts, pronunciations);
		Path text = dir.resolve("corpus.txt");
		List<String> lines = new ArrayList<>(corpus.sentences.size());
		corpus.sentences.forEach((sentence) -> lines.add("<s> " + sentence + " </s>"));
		Files.write(text, lines, StandardCharsets.UTF_8);
		Path domain = dir.resolve("domain.arpa");
		run(dir, List.of(TLM, "-tr=" + text, "-n=3", "-lm=wb", "-ps=no", "-o=" + domain), "irstlm");
		NgramModel mixed = Interpolation.mix(SphinxTrieReader.read(stock.languageModel()), NgramModel.readArpa(domain),
				DOMAIN_WEIGHT);
		Path arpa = dir.resolve("sermon.arpa");
		mixed.writeArpa(arpa);
		// a few hundred MB the converter's minute does not need
		mixed = null;
		run(dir, List.of("sphinx_lm_convert", "-i", arpa.toString(), "-o", dir.resolve(MODEL).toString(), "-ofmt",
				"bin"), "sphinxbase-utils");
		pronunciations.write(dir.resolve(DICTIONARY), corpus.spelled);
		Files.delete(text);
		Files.delete(domain);
		Files.delete(arpa);
	}

	static void run(Path dir, List<String> command, String debianPackage) throws IOException, InterruptedException {
		Path log = dir.resolve("build.log");
		Process process;
		try {
			process = Subprocesses.start(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
		}
		catch (IOException ex) {
			throw new IOException(command.get(0) + " is missing: install the Debian package " + debianPackage
					+ " (./sermonflow run and test do)", ex);
		}
		if (!process.waitFor(20, TimeUnit.MINUTES)) {
			Subprocesses.destroyTree(process);
			throw new IOException(command.get(0) + " did not finish within 20 minutes");
		}
		if (process.exitValue() != 0) {
			throw new IOException(command.get(0) + " failed with exit code " + process.exitValue() + "; see " + log);
		}
	}

}
