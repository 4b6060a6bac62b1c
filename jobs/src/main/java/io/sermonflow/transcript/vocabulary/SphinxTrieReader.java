package io.sermonflow.transcript.vocabulary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads PocketSphinx's binary language model ({@code en-us.lm.bin}, sphinxbase's "Trie
 * Language Model" format) into an {@link NgramModel}. Debian's {@code sphinx_lm_convert}
 * stops with an assertion when asked to write this model as ARPA, and mixing the stock
 * model with a sermon model needs its n-grams, so this reads them: 16-bit quantised
 * probabilities and back-off weights in bit-packed arrays, one array per order, each
 * entry holding its word, its values and where its children start. The trie runs
 * backwards: a path from the root is an n-gram's last word, then the words before it.
 */
final class SphinxTrieReader {

	private static final String HEADER = "Trie Language Model";

	private static final int QUANT_BITS = 16;

	/** A middle entry's values: back-off then probability, 16 bits each. */
	private static final int MIDDLE_QUANT_BITS = 32;

	/** sphinxbase stores logs in base 1.0001; ARPA wants log10. */
	private static final double TO_LOG10 = Math.log10(1.0001);

	private final ByteBuffer buffer;

	private SphinxTrieReader(ByteBuffer buffer) {
		this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
	}

	static NgramModel read(Path file) throws IOException {
		return new SphinxTrieReader(ByteBuffer.wrap(Files.readAllBytes(file))).read(file.toString());
	}

	private NgramModel read(String name) throws IOException {
		byte[] header = new byte[HEADER.length()];
		this.buffer.get(header);
		if (!HEADER.equals(new String(header, StandardCharsets.US_ASCII))) {
			throw new IOException(name + " is not a PocketSphinx trie language model");
		}
		int order = this.buffer.get() & 0xff;
		if (order < 1 || order > NgramModel.MAX_ORDER) {
			throw new IOException(name + " is of order " + order + "; 1 to " + NgramModel.MAX_ORDER + " is supported");
		}
		long[] counts = new long[order];
		for (int i = 0; i < order; i++) {
			counts[i] = Integer.toUnsignedLong(this.buffer.getInt());
		}
		int unigrams = (int) counts[0];
		// quantisation tables: per middle order a probability and a back-off table, then
		// the
		// longest order's probability table
		float[][] middleProb = new float[Math.max(0, order - 2)][];
		float[][] middleBackoff = new float[Math.max(0, order - 2)][];
		float[] longestProb = null;
		if (order > 1) {
			this.buffer.getInt();
			for (int i = 0; i < order - 2; i++) {
				middleProb[i] = floats(1 << QUANT_BITS);
				middleBackoff[i] = floats(1 << QUANT_BITS);
			}
			longestProb = floats(1 << QUANT_BITS);
		}
		float[] unigramProb = new float[unigrams + 1];
		float[] unigramBackoff = new float[unigrams + 1];
		long[] unigramNext = new long[unigrams + 1];
		for (int i = 0; i <= unigrams; i++) {
			unigramProb[i] = this.buffer.getFloat();
			unigramBackoff[i] = this.buffer.getFloat();
			unigramNext[i] = Integer.toUnsignedLong(this.buffer.getInt());
		}
		int wordBits = bits(counts[0]);
		int[] middleStart = new int[Math.max(0, order - 2)];
		int[] middleNextBits = new int[Math.max(0, order - 2)];
		long position = this.buffer.position();
		for (int i = 1; i < order - 1; i++) {
			middleStart[i - 1] = (int) position;
			middleNextBits[i - 1] = bits(counts[i + 1]);
			position += size(counts[i], wordBits + MIDDLE_QUANT_BITS + middleNextBits[i - 1]);
		}
		int longestStart = (int) position;
		if (order > 1) {
			position += size(counts[order - 1], wordBits + QUANT_BITS);
		}
		this.buffer.position((int) position);
		String[] words = words(unigrams, name);

		NgramModel model = new NgramModel();
		for (int i = 0; i < unigrams; i++) {
			model.id(words[i]);
			model.put(new int[] { i }, log10(unigramProb[i]), (order > 1) ? log10(unigramBackoff[i]) : 0f);
		}
		if (order == 1) {
			return model;
		}
		// walk the trie order by order: each parent's children are [next(parent),
		// next(parent + 1))
		long[] parentKeys = new long[unigrams];
		long[] childBegin = new long[unigrams];
		long[] childEnd = new long[unigrams];
		for (int i = 0; i < unigrams; i++) {
			parentKeys[i] = i;
			childBegin[i] = unigramNext[i];
			childEnd[i] = unigramNext[i + 1];
		}
		for (int n = 2; n <= order; n++) {
			boolean longest = n == order;
			int start = longest ? longestStart : middleStart[n - 2];
			int nextBits = longest ? 0 : middleNextBits[n - 2];
			int entryBits = wordBits + (longest ? QUANT_BITS : MIDDLE_QUANT_BITS) + nextBits;
			int found = 0;
			for (int p = 0; p < parentKeys.length; p++) {
				found += (int) Math.max(0, childEnd[p] - childBegin[p]);
			}
			long[] keys = new long[found];
			long[] begins = new long[found];
			long[] ends = new long[found];
			int k = 0;
			for (int p = 0; p < parentKeys.length; p++) {
				int[] history = NgramModel.ids(parentKeys[p], n - 1);
				for (long ptr = childBegin[p]; ptr < childEnd[p]; ptr++) {
					long offset = ptr * entryBits;
					int word = (int) bitsAt(start, offset, wordBits);
					int[] path = java.util.Arrays.copyOf(history, n);
					path[n - 1] = word;
					int[] ngram = reversed(path);
					if (longest) {
						float prob = longestProb[(int) bitsAt(start, offset + wordBits, QUANT_BITS)];
						model.put(ngram, log10(prob), 0f);
					}
					else {
						float backoff = middleBackoff[n - 2][(int) bitsAt(start, offset + wordBits, QUANT_BITS)];
						float prob = middleProb[n - 2][(int) bitsAt(start, offset + wordBits + QUANT_BITS, QUANT_BITS)];
						model.put(ngram, log10(prob), log10(backoff));
						keys[k] = NgramModel.key(path);
						begins[k] = bitsAt(start, offset + wordBits + MIDDLE_QUANT_BITS, nextBits);
						ends[k] = bitsAt(start, offset + entryBits + wordBits + MIDDLE_QUANT_BITS, nextBits);
						k++;
					}
				}
			}
			parentKeys = java.util.Arrays.copyOf(keys, k);
			childBegin = begins;
			childEnd = ends;
		}
		return model;
	}

	private static int[] reversed(int[] path) {
		int[] ngram = new int[path.length];
		for (int i = 0; i < path.length; i++) {
			ngram[i] = path[path.length - 1 - i];
		}
		return ngram;
	}

	private float[] floats(int count) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) {
			values[i] = this.buffer.getFloat();
		}
		return values;
	}

	private String[] words(int count, String name) throws IOException {
		int length = this.buffer.getInt();
		byte[] bytes = new byte[length];
		this.buffer.get(bytes);
		String[] words = new String(bytes, StandardCharsets.UTF_8).split("\0");
		if (words.length < count) {
			throw new IOException(name + " names " + words.length + " words for " + count + " unigrams");
		}
		return words;
	}

	/**
	 * {@code length} bits at bit {@code offset} of the array starting at byte
	 * {@code start}.
	 */
	private long bitsAt(int start, long offset, int length) {
		if (length == 0) {
			return 0;
		}
		long word = this.buffer.getLong(start + (int) (offset >>> 3));
		return (word >>> (offset & 7)) & ((1L << length) - 1);
	}

	private static long size(long entries, int totalBits) {
		// one extra entry for the last "next" pointer, rounded up to bytes, plus 8 bytes
		// of
		// slack for 64-bit reads
		return ((1 + entries) * totalBits + 7) / 8 + 8;
	}

	static int bits(long max) {
		return (max == 0) ? 0 : 64 - Long.numberOfLeadingZeros(max);
	}

	private static float log10(float log) {
		return (float) (log * TO_LOG10);
	}

}
