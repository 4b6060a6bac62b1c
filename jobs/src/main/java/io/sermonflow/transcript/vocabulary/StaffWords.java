package io.sermonflow.transcript.vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sermon model with the words staff added: every n-gram of the {@code [staff]} class
 * ("pastor [staff]", "welcome to [staff] church") copied for each word, the class'
 * probability shared evenly among them. PocketSphinx 5prealpha reads class definitions
 * only into a model set, whose vocabulary then leaves the class words out, so the class
 * is expanded here instead; the result is converted like the sermon model itself.
 */
final class StaffWords {

	private StaffWords() {
	}

	private static boolean contains(int[] ngram, int id) {
		for (int word : ngram) {
			if (word == id) {
				return true;
			}
		}
		return false;
	}

	static void expand(Path sermonModel, Map<String, String> words, Path out) throws IOException, InterruptedException {
		NgramModel model = SphinxTrieReader.read(sermonModel);
		int staff = model.known(SermonCorpus.STAFF_CLASS);
		if (staff >= 0 && !words.isEmpty()) {
			float share = (float) Math.log10(1.0 / words.size());
			List<Integer> ids = new ArrayList<>();
			words.keySet().forEach((word) -> ids.add(model.id(word)));
			for (int n = 1; n <= model.order(); n++) {
				NgramModel.Table table = model.table(n);
				// the class' n-grams first: adding copies while walking the table would
				// move it
				List<Integer> slots = new ArrayList<>();
				for (int slot = 0; slot < table.keys.length; slot++) {
					if (table.used[slot] && contains(NgramModel.ids(table.keys[slot], n), staff)) {
						slots.add(slot);
					}
				}
				long[] keys = new long[slots.size()];
				float[][] values = new float[slots.size()][];
				for (int i = 0; i < keys.length; i++) {
					keys[i] = table.keys[slots.get(i)];
					values[i] = new float[] { table.prob[slots.get(i)], table.backoff[slots.get(i)] };
				}
				for (int i = 0; i < keys.length; i++) {
					int[] ngram = NgramModel.ids(keys[i], n);
					boolean predicted = ngram[n - 1] == staff;
					for (int id : ids) {
						int[] copy = ngram.clone();
						for (int k = 0; k < n; k++) {
							if (copy[k] == staff) {
								copy[k] = id;
							}
						}
						if (model.table(n).find(NgramModel.key(copy)) < 0) {
							model.put(copy, values[i][0] + (predicted ? share : 0f), values[i][1]);
						}
					}
				}
			}
		}
		Path arpa = Files.createTempFile(out.getParent(), "staff", ".arpa");
		try {
			model.writeArpa(arpa);
			LanguageModelBuild.run(out.getParent(),
					List.of("sphinx_lm_convert", "-i", arpa.toString(), "-o", out.toString(), "-ofmt", "bin"),
					"sphinxbase-utils");
		}
		finally {
			Files.deleteIfExists(arpa);
		}
	}

}
