package io.sermonflow.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.media.Ffmpeg;

/**
 * Audio as the offline engine and its voice adaptation read it: 16 kHz mono 16-bit PCM,
 * and spans of it as WAV files.
 */
public final class SpeechAudio {

	public static final int SAMPLE_RATE = 16_000;

	private static final Pattern SILENCE = Pattern.compile("silence_(start|end): (-?[0-9.]+)");

	private SpeechAudio() {
	}

	/** The recording's first audio stream as 16 kHz mono 16-bit PCM. */
	public static byte[] pcm(Ffmpeg ffmpeg, Path audio) {
		return decode(ffmpeg, audio, false).pcm();
	}

	/**
	 * The PCM and the midpoints of its pauses (0.35 s or longer below −35 dB), heard in
	 * the same decode: one pass over a long recording instead of two.
	 */
	public static Decoded withPauses(Ffmpeg ffmpeg, Path audio) {
		return decode(ffmpeg, audio, true);
	}

	private static Decoded decode(Ffmpeg ffmpeg, Path audio, boolean pauses) {
		ByteArrayOutputStream pcm = new ByteArrayOutputStream();
		String format = "aformat=sample_fmts=s16:channel_layouts=mono:sample_rates=" + SAMPLE_RATE;
		Ffmpeg.Result result = ffmpeg.ffmpeg(
				audio, pauses ? List.of("-v", "info") : List.of(), List.of("-map", "0:a:0", "-af",
						pauses ? format + ",silencedetect=noise=-35dB:d=0.35" : format, "-f", "s16le", "pipe:1"),
				Duration.ofMinutes(10), (stdout) -> {
					try {
						stdout.transferTo(pcm);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
		return new Decoded(pcm.toByteArray(), pauses ? pauses(result.stderr()) : List.of());
	}

	/** Midpoints of the pauses silencedetect logged. */
	static List<Double> pauses(String log) {
		List<Double> pauses = new ArrayList<>();
		Matcher matcher = SILENCE.matcher(log);
		double start = -1;
		while (matcher.find()) {
			double at = Double.parseDouble(matcher.group(2));
			if (matcher.group(1).equals("start")) {
				start = at;
			}
			else if (start >= 0) {
				pauses.add((start + at) / 2);
				start = -1;
			}
		}
		return pauses;
	}

	/** 16 kHz mono 16-bit PCM, and where its pauses are (seconds, in order). */
	public record Decoded(byte[] pcm, List<Double> pauses) {

		public double seconds() {
			return this.pcm.length / 2.0 / SAMPLE_RATE;
		}

	}

	/**
	 * Seconds {@code start} to {@code end} of a file of this PCM as a WAV file, read
	 * without reading the rest.
	 */
	public static byte[] wav(Path pcmFile, double start, double end) throws IOException {
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(pcmFile.toFile(), "r")) {
			long from = offset(start);
			long to = Math.min(file.length(), offset(end));
			byte[] pcm = new byte[(int) Math.max(0, to - from)];
			file.seek(from);
			file.readFully(pcm);
			return wav(pcm, 0, pcm.length);
		}
	}

	/** Seconds {@code start} to {@code end} of the PCM as a WAV file. */
	public static byte[] wav(byte[] pcm, double start, double end) {
		return wav(pcm, (int) Math.min(pcm.length, offset(start)), (int) Math.min(pcm.length, offset(end)));
	}

	/** The byte where a second of the PCM starts: whole samples. */
	private static long offset(double seconds) {
		return (long) (seconds * SAMPLE_RATE) * 2;
	}

	/** Bytes {@code from} to {@code to} of the PCM as a WAV file. */
	public static byte[] wav(byte[] pcm, int from, int to) {
		int length = Math.max(0, to - from);
		ByteBuffer wav = ByteBuffer.allocate(44 + length).order(ByteOrder.LITTLE_ENDIAN);
		wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + length);
		wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1);
		wav.putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
		wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(length);
		wav.put(pcm, from, length);
		return wav.array();
	}

}
