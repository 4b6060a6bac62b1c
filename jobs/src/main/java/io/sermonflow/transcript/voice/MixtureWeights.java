package io.sermonflow.transcript.voice;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The acoustic model's mixture weights as SphinxTrain reads them. Debian's en-us model
 * ships them only as PocketSphinx's quantised {@code sendump} (a byte a weight, the
 * negated log in base 1.0001 shifted right by 10 bits); {@code bw} and {@code map_adapt}
 * need the float {@code mixture_weights} file. This is SphinxTrain's own
 * {@code sendump.py} (Python 2, not runnable here), in Java.
 */
final class MixtureWeights {

	private MixtureWeights() {
	}

	static void fromSendump(Path sendump, Path mixtureWeights) throws IOException {
		try (InputStream file = Files.newInputStream(sendump);
				DataInputStream in = new DataInputStream(new BufferedInputStream(file))) {
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			int shift = 10;
			int features = 0;
			// the title, then header lines until an empty one
			boolean title = true;
			while (true) {
				byte[] raw = new byte[4];
				in.readFully(raw);
				int length = ByteBuffer.wrap(raw).order(order).getInt();
				if (length < 0 || length > 65536) {
					order = ByteOrder.BIG_ENDIAN;
					length = ByteBuffer.wrap(raw).order(order).getInt();
				}
				if (length == 0) {
					break;
				}
				byte[] text = new byte[length];
				in.readFully(text);
				String line = new String(text, 0, length - 1, StandardCharsets.US_ASCII).strip();
				if (!title) {
					String[] words = line.split("\\s+");
					if (words.length >= 2 && words[0].equals("cluster_count") && !words[1].equals("0")) {
						throw new IOException(sendump + " is clustered; only unclustered sendump files are read");
					}
					if (words.length >= 2 && words[0].equals("mixw_shift")) {
						shift = Integer.parseInt(words[1]);
					}
					if (words.length >= 2 && words[0].equals("feature_count")) {
						features = Integer.parseInt(words[1]);
					}
				}
				title = false;
			}
			int codewords = readInt(in, order);
			int senones = readInt(in, order);
			if (features < 1 || codewords < 1 || senones < 1) {
				throw new IOException(sendump + " has no usable header (" + features + " features, " + codewords
						+ " codewords, " + senones + " senones)");
			}
			// weights[senone][feature][codeword], as the file stores
			// [feature][codeword][senone]
			float[] weights = new float[senones * features * codewords];
			byte[] row = new byte[senones];
			for (int f = 0; f < features; f++) {
				for (int c = 0; c < codewords; c++) {
					in.readFully(row);
					for (int s = 0; s < senones; s++) {
						int log = (row[s] & 0xff) << shift;
						weights[(s * features + f) * codewords + c] = (float) Math.pow(1.0001, -log);
					}
				}
			}
			normalise(weights, senones * features, codewords);
			write(mixtureWeights, weights, senones, features, codewords);
		}
	}

	private static void normalise(float[] weights, int rows, int columns) {
		for (int r = 0; r < rows; r++) {
			double sum = 0;
			for (int c = 0; c < columns; c++) {
				sum += weights[r * columns + c];
			}
			for (int c = 0; c < columns; c++) {
				weights[r * columns + c] = (float) (weights[r * columns + c] / sum);
			}
		}
	}

	/** SphinxTrain's 3-d array file: text header, byte-order mark, sizes, floats. */
	private static void write(Path file, float[] weights, int senones, int features, int codewords) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
			String header = "s3\nversion 1.0\n";
			int misaligned = (header.length() + "endhdr\n".length()) & 3;
			header += " ".repeat(misaligned == 0 ? 0 : 4 - misaligned) + "endhdr\n";
			out.write(header.getBytes(StandardCharsets.US_ASCII));
			ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
			head.putInt(0x11223344).putInt(senones).putInt(features).putInt(codewords).putInt(weights.length);
			out.write(head.array());
			ByteBuffer data = ByteBuffer.allocate(weights.length * 4).order(ByteOrder.LITTLE_ENDIAN);
			data.asFloatBuffer().put(weights);
			out.write(data.array());
		}
	}

	private static int readInt(DataInputStream in, ByteOrder order) throws IOException {
		byte[] raw = new byte[4];
		in.readFully(raw);
		return ByteBuffer.wrap(raw).order(order).getInt();
	}

}
