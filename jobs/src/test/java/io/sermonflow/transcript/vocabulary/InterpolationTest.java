package io.sermonflow.transcript.vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InterpolationTest {

	@TempDir
	Path dir;

	@Test
	void mixes_both_models_and_normalises_every_history_over_both_vocabularies() throws Exception {
		NgramModel general = arpa("general.arpa", """
				\\data\\
				ngram 1=5
				ngram 2=3

				\\1-grams:
				-99	<s>	-0.3
				-0.52288	</s>
				-0.52288	the	-0.2
				-0.69897	day	-0.1
				-0.69897	is

				\\2-grams:
				-0.2	<s> the
				-0.3	the day
				-0.4	day is

				\\end\\
				""");
		NgramModel domain = arpa("domain.arpa", """
				\\data\\
				ngram 1=5
				ngram 2=3

				\\1-grams:
				-99	<s>	-0.2
				-0.69897	</s>
				-0.52288	the	-0.3
				-0.52288	lord	-0.2
				-0.69897	is

				\\2-grams:
				-0.1	the lord
				-0.2	lord is
				-0.5	<s> the

				\\end\\
				""");

		NgramModel mixed = Interpolation.mix(general, domain, 0.5);

		assertThat(mixed.words()).contains("day", "lord");
		int the = mixed.known("the");
		int lord = mixed.known("lord");
		int day = mixed.known("day");
		// an n-gram only one model has gets half of its probability plus half of the
		// other model's back-off estimate
		double expected = 0.5 * Math.pow(10, -0.1) + 0.5 * Math.pow(10, -0.2 + -99);
		assertThat(Math.pow(10, mixed.prob(new int[] { the, lord }))).isCloseTo(expected, within(1e-6));
		// each model's unigrams sum to one, so the mix's do, and so must every history's
		// distribution once its back-off weight is set
		double unigrams = 0;
		for (String word : mixed.words()) {
			if (!word.equals("<s>")) {
				unigrams += Math.pow(10, mixed.prob(new int[] { mixed.known(word) }));
			}
		}
		assertThat(unigrams).isCloseTo(1.0, within(1e-3));
		for (String history : List.of("<s>", "the", "day", "lord", "is")) {
			double sum = 0;
			for (String word : mixed.words()) {
				if (!word.equals("<s>")) {
					sum += Math.pow(10, mixed.prob(new int[] { mixed.known(history), mixed.known(word) }));
				}
			}
			assertThat(sum).as("P(· | %s)", history).isCloseTo(1.0, within(1e-3));
		}
		assertThat(mixed.prob(new int[] { day, lord })).isLessThan(mixed.prob(new int[] { the, lord }));
	}

	private NgramModel arpa(String name, String text) throws Exception {
		Path file = this.dir.resolve(name);
		Files.writeString(file, text);
		return NgramModel.readArpa(file);
	}

}
