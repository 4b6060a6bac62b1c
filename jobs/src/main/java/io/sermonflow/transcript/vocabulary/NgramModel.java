package io.sermonflow.transcript.vocabulary;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A back-off n-gram language model (up to trigrams) held in memory, read from and written
 * to ARPA text. Probabilities and back-off weights are log10, as in ARPA files. Words are
 * numbered in the order they are added; an n-gram is keyed by its word numbers packed
 * into one {@code long} (21 bits a word).
 */
final class NgramModel {

	static final int MAX_ORDER = 3;

	/** An n-gram no model can produce ({@code <s>} as a predicted word). */
	static final float LOG_ZERO = -99f;

	private static final int WORD_BITS = 21;

	private final List<String> words = new ArrayList<>();

	private final Map<String, Integer> ids = new HashMap<>();

	private final Table[] orders = new Table[MAX_ORDER];

	NgramModel() {
		for (int i = 0; i < MAX_ORDER; i++) {
			this.orders[i] = new Table(1024);
		}
	}

	int order() {
		for (int n = MAX_ORDER; n > 0; n--) {
			if (this.orders[n - 1].size > 0) {
				return n;
			}
		}
		return 0;
	}

	int id(String word) {
		Integer id = this.ids.get(word);
		if (id != null) {
			return id;
		}
		if (this.words.size() >= (1 << WORD_BITS) - 1) {
			throw new IllegalStateException("More than 2^21 words in one language model");
		}
		this.words.add(word);
		this.ids.put(word, this.words.size() - 1);
		return this.words.size() - 1;
	}

	/** The word's number, or -1 when the model does not know it. */
	int known(String word) {
		Integer id = this.ids.get(word);
		return (id != null) ? id : -1;
	}

	String word(int id) {
		return this.words.get(id);
	}

	List<String> words() {
		return this.words;
	}

	int count(int n) {
		return this.orders[n - 1].size;
	}

	Table table(int n) {
		return this.orders[n - 1];
	}

	static long key(int... ids) {
		long key = 0;
		for (int id : ids) {
			key = (key << WORD_BITS) | id;
		}
		return key;
	}

	static int[] ids(long key, int n) {
		int[] ids = new int[n];
		for (int i = n - 1; i >= 0; i--) {
			ids[i] = (int) (key & ((1 << WORD_BITS) - 1));
			key >>>= WORD_BITS;
		}
		return ids;
	}

	void put(int[] ngram, float prob, float backoff) {
		this.orders[ngram.length - 1].put(key(ngram), prob, backoff);
	}

	/** log10 P(w | history) with back-off; {@code ngram} ends with w. */
	double prob(int[] ngram) {
		return prob(ngram, 0, ngram.length);
	}

	private double prob(int[] ngram, int from, int to) {
		int n = to - from;
		Table table = this.orders[n - 1];
		int slot = table.find(key(ngram, from, to));
		if (slot >= 0) {
			return table.prob[slot];
		}
		if (n == 1) {
			return LOG_ZERO;
		}
		return backoff(ngram, from, to - 1) + prob(ngram, from + 1, to);
	}

	/**
	 * log10 of the back-off weight of the history {@code ngram[from, to)}; 0 when absent.
	 */
	double backoff(int[] ngram, int from, int to) {
		Table table = this.orders[to - from - 1];
		int slot = table.find(key(ngram, from, to));
		return (slot >= 0) ? table.backoff[slot] : 0;
	}

	private static long key(int[] ngram, int from, int to) {
		long key = 0;
		for (int i = from; i < to; i++) {
			key = (key << WORD_BITS) | ngram[i];
		}
		return key;
	}

	static NgramModel readArpa(Path file) throws IOException {
		NgramModel model = new NgramModel();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int n = 0;
			while ((line = reader.readLine()) != null) {
				line = line.strip();
				if (line.isEmpty() || line.startsWith("ngram ") || line.equals("\\data\\")) {
					continue;
				}
				if (line.equals("\\end\\")) {
					break;
				}
				if (line.startsWith("\\") && line.endsWith("-grams:")) {
					n = Integer.parseInt(line.substring(1, line.indexOf('-')));
					if (n > MAX_ORDER) {
						throw new IOException(file + " is of order " + n + "; at most " + MAX_ORDER + " is supported");
					}
					continue;
				}
				if (n == 0) {
					continue;
				}
				String[] fields = line.split("\\s+");
				if (fields.length < n + 1) {
					throw new IOException("Malformed " + n + "-gram in " + file + ": " + line);
				}
				int[] ngram = new int[n];
				for (int i = 0; i < n; i++) {
					ngram[i] = model.id(fields[1 + i]);
				}
				float backoff = (fields.length > n + 1) ? Float.parseFloat(fields[n + 1]) : 0f;
				model.put(ngram, Float.parseFloat(fields[0]), backoff);
			}
		}
		return model;
	}

	void writeArpa(Path file) throws IOException {
		int order = order();
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("\\data\\\n");
			for (int n = 1; n <= order; n++) {
				out.write("ngram " + n + "=" + count(n) + "\n");
			}
			for (int n = 1; n <= order; n++) {
				out.write("\n\\" + n + "-grams:\n");
				Table table = this.orders[n - 1];
				StringBuilder line = new StringBuilder();
				for (int slot = 0; slot < table.keys.length; slot++) {
					if (!table.used[slot]) {
						continue;
					}
					line.setLength(0);
					line.append(String.format(Locale.ROOT, "%.5f", table.prob[slot]));
					for (int id : ids(table.keys[slot], n)) {
						line.append('\t').append(this.words.get(id));
					}
					if (n < order) {
						line.append('\t').append(String.format(Locale.ROOT, "%.5f", table.backoff[slot]));
					}
					out.write(line.append('\n').toString());
				}
			}
			out.write("\n\\end\\\n");
		}
	}

	/**
	 * An open-addressing map from packed n-gram to its probability and back-off weight.
	 */
	static final class Table {

		long[] keys;

		boolean[] used;

		float[] prob;

		float[] backoff;

		int size;

		Table(int capacity) {
			allocate(Integer.highestOneBit(Math.max(16, capacity)) * 2);
		}

		private void allocate(int capacity) {
			this.keys = new long[capacity];
			this.used = new boolean[capacity];
			this.prob = new float[capacity];
			this.backoff = new float[capacity];
		}

		int find(long key) {
			int mask = this.keys.length - 1;
			for (int slot = hash(key) & mask;; slot = (slot + 1) & mask) {
				if (!this.used[slot]) {
					return -1;
				}
				if (this.keys[slot] == key) {
					return slot;
				}
			}
		}

		void put(long key, float prob, float backoff) {
			if ((this.size + 1) * 2 > this.keys.length) {
				grow();
			}
			int mask = this.keys.length - 1;
			int slot = hash(key) & mask;
			while (this.used[slot] && this.keys[slot] != key) {
				slot = (slot + 1) & mask;
			}
			if (!this.used[slot]) {
				this.used[slot] = true;
				this.keys[slot] = key;
				this.size++;
			}
			this.prob[slot] = prob;
			this.backoff[slot] = backoff;
		}

		private void grow() {
			long[] keys = this.keys;
			boolean[] used = this.used;
			float[] prob = this.prob;
			float[] backoff = this.backoff;
			allocate(keys.length * 2);
			this.size = 0;
			for (int i = 0; i < keys.length; i++) {
				if (used[i]) {
					put(keys[i], prob[i], backoff[i]);
				}
			}
		}

		private static int hash(long key) {
			long h = key * 0x9E3779B97F4A7C15L;
			return (int) (h ^ (h >>> 32));
		}

	}

}
