package io.sermonflow.transcript.vocabulary;

/**
 * Static linear interpolation of two back-off models into one (what SRILM's
 * {@code ngram -mix-lm} writes): every n-gram of either model gets
 * {@code P(w|h) = (1 - λ) P_general(w|h) + λ P_domain(w|h)}, each side with its own
 * back-off, and every history a back-off weight that makes its distribution sum to one
 * again. The result is an ordinary back-off model that PocketSphinx loads like its stock
 * one, so decoding costs what a single model costs.
 */
final class Interpolation {

	private static final String SENTENCE_START = "<s>";

	private Interpolation() {
	}

	static NgramModel mix(NgramModel general, NgramModel domain, double domainWeight) {
		if (domainWeight < 0 || domainWeight > 1) {
			throw new IllegalArgumentException("The domain weight is a fraction, not " + domainWeight);
		}
		NgramModel mixed = new NgramModel();
		general.words().forEach(mixed::id);
		domain.words().forEach(mixed::id);
		int[] toGeneral = mapping(mixed, general);
		int[] toDomain = mapping(mixed, domain);
		int start = mixed.known(SENTENCE_START);
		int order = Math.max(general.order(), domain.order());
		for (int n = 1; n <= order; n++) {
			for (NgramModel source : new NgramModel[] { general, domain }) {
				addNgrams(mixed, n, source, general, domain, toGeneral, toDomain, domainWeight, start);
			}
			if (n > 1) {
				backoffs(mixed, n);
			}
		}
		return mixed;
	}

	/**
	 * Every n-gram of {@code source} not yet in {@code mixed}, with its mixed
	 * probability.
	 */
	private static void addNgrams(NgramModel mixed, int n, NgramModel source, NgramModel general, NgramModel domain,
			int[] toGeneral, int[] toDomain, double domainWeight, int start) {
		if (n > source.order()) {
			return;
		}
		NgramModel.Table table = source.table(n);
		for (int slot = 0; slot < table.keys.length; slot++) {
			if (!table.used[slot]) {
				continue;
			}
			int[] ngram = NgramModel.ids(table.keys[slot], n);
			int[] ids = new int[n];
			for (int i = 0; i < n; i++) {
				ids[i] = mixed.known(source.word(ngram[i]));
			}
			// IRSTLM pads histories with "<s> <s>"; a decoder never sees them
			boolean padded = false;
			for (int i = 1; i < n; i++) {
				padded |= ids[i] == start;
			}
			if (padded || mixed.table(n).find(NgramModel.key(ids)) >= 0) {
				continue;
			}
			double p;
			if (n == 1 && ids[0] == start) {
				p = 0;
			}
			else {
				p = (1 - domainWeight) * linear(general, ids, toGeneral) + domainWeight * linear(domain, ids, toDomain);
			}
			mixed.put(ids, (p > 0) ? (float) Math.log10(p) : NgramModel.LOG_ZERO, 0f);
		}
	}

	/** P(w|h) in {@code model} (with its back-off), 0 when it does not know a word. */
	private static double linear(NgramModel model, int[] ids, int[] toModel) {
		int[] own = new int[ids.length];
		for (int i = 0; i < ids.length; i++) {
			own[i] = toModel[ids[i]];
			if (own[i] < 0) {
				// an unknown history word: the model backs off past it
				if (i == ids.length - 1) {
					return 0;
				}
				return linear(model, java.util.Arrays.copyOfRange(ids, i + 1, ids.length), toModel);
			}
		}
		double log = model.prob(own);
		return (log <= NgramModel.LOG_ZERO) ? 0 : Math.pow(10, log);
	}

	/**
	 * The back-off weight of each history of order n - 1: the probability its explicit
	 * n-grams leave, over what the shorter history gives those same words.
	 */
	private static void backoffs(NgramModel mixed, int n) {
		NgramModel.Table histories = mixed.table(n - 1);
		double[] left = new double[histories.keys.length];
		double[] lower = new double[histories.keys.length];
		NgramModel.Table table = mixed.table(n);
		for (int slot = 0; slot < table.keys.length; slot++) {
			if (!table.used[slot]) {
				continue;
			}
			int[] ngram = NgramModel.ids(table.keys[slot], n);
			int history = histories.find(NgramModel.key(java.util.Arrays.copyOf(ngram, n - 1)));
			if (history < 0) {
				continue;
			}
			left[history] += Math.pow(10, table.prob[slot]);
			lower[history] += Math.pow(10, mixed.prob(java.util.Arrays.copyOfRange(ngram, 1, n)));
		}
		for (int slot = 0; slot < histories.keys.length; slot++) {
			if (histories.used[slot] && left[slot] > 0) {
				double numerator = Math.max(1e-9, 1 - left[slot]);
				double denominator = Math.max(1e-9, 1 - lower[slot]);
				histories.backoff[slot] = (float) Math.log10(numerator / denominator);
			}
		}
	}

	private static int[] mapping(NgramModel mixed, NgramModel model) {
		int[] map = new int[mixed.words().size()];
		for (int id = 0; id < map.length; id++) {
			map[id] = model.known(mixed.word(id));
		}
		return map;
	}

}
