package io.sermonflow.transcript;

import java.util.List;

/** How far a recogniser's words are from what was said: for tests and the asr bench. */
public final class WordErrors {

	private WordErrors() {
	}

	/**
	 * Word-level edit distance: substitutions, insertions and deletions that turn the
	 * reference into the hypothesis.
	 */
	public static int errors(List<String> reference, List<String> hypothesis) {
		int[] previous = new int[hypothesis.size() + 1];
		int[] current = new int[hypothesis.size() + 1];
		for (int j = 0; j <= hypothesis.size(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= reference.size(); i++) {
			current[0] = i;
			for (int j = 1; j <= hypothesis.size(); j++) {
				int substitution = previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[hypothesis.size()];
	}

}
