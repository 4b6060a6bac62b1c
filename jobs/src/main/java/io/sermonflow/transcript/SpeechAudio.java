package io.sermonflow.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.sermonflow.media.Ffmpeg;

/**
 * Audio as the offline engine and its voice adaptation read it: 16 kHz mono 16-bit PCM,
 * and spans of it as WAV files.
 */
public final class SpeechAudio {

	public static final int SAMPLE_RATE = 16_000;

	private SpeechAudio() {
	}

	/** The recording's first audio stream as 16 kHz mono 16-bit PCM. */
	public static byte[] pcm(Ffmpeg ffmpeg, Path audio) {
		ByteArrayOutputStream pcm = new ByteArrayOutputStream();
		ffmpeg.ffmpeg(audio, List.of(),
				List.of("-map", "0:a:0", "-ac", "1", "-ar", String.valueOf(SAMPLE_RATE), "-f", "s16le", "pipe:1"),
				Duration.ofMinutes(10), (stdout) -> {
					try {
						stdout.transferTo(pcm);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
		return pcm.toByteArray();
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
