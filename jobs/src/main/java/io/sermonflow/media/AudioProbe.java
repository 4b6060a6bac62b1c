package io.sermonflow.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.sermonflow.error.PermanentException;

import org.springframework.stereotype.Component;

/**
 * Probes a stored recording: container and stream facts from ffmpeg's description of it
 * ({@link MediaDescription}), and the duration that actually decodes (a full decode, so a
 * truncated or corrupt file cannot pass on its header's word). Refuses, as permanent
 * errors naming the cause: empty files, files with no audio, files that decode far
 * shorter than they claim, and files over the configured duration.
 */
@Component
public class AudioProbe {

	/** A file that decodes to less than this share of its claimed length is truncated. */
	static final double TRUNCATED_BELOW = 0.9;

	private final Ffmpeg ffmpeg;

	private final MediaProperties properties;

	AudioProbe(Ffmpeg ffmpeg, MediaProperties properties) {
		this.ffmpeg = ffmpeg;
		this.properties = properties;
	}

	public AudioMetadata probe(Path file) {
		long size = size(file);
		if (size == 0) {
			throw new PermanentException("The file is empty");
		}
		MediaDescription description;
		try {
			description = this.ffmpeg.describe(file, Duration.ofMinutes(2));
		}
		catch (PermanentException ex) {
			throw new PermanentException("Not a supported audio file: " + ex.getMessage(), ex);
		}
		MediaDescription.AudioStream audio = description.audio();
		if (audio == null) {
			throw new PermanentException("Not audio: the file has no audio stream");
		}
		double declared = description.declaredSeconds();
		double max = this.properties.maxDurationMinutes() * 60.0;
		if (declared > max + 1) {
			throw tooLong("its header says " + spoken(declared));
		}
		Decoded decode = decode(file, max);
		double decoded = decode.seconds();
		if (decoded <= 0.05) {
			throw new PermanentException("No audio decodes from the file; it is corrupt or not audio");
		}
		if (declared > 0 && decoded < declared * TRUNCATED_BELOW) {
			throw new PermanentException(
					String.format("The file is truncated or corrupt: it decodes to %.1f s but its header claims %.1f s",
							decoded, declared));
		}
		if (decoded > max) {
			throw tooLong("it decodes past " + spoken(max));
		}
		return new AudioMetadata(decoded, declared, description.container(), audio.codec(), audio.sampleRate(),
				audio.channels(), description.bitRate(), size, sha256(file), decode.loudness());
	}

	/**
	 * Decodes the first audio stream to nothing, reads how far it got and measures its
	 * loudness on the way (EBU R128, true peak). The decode stops one second past the
	 * limit, and its timeout follows from the limit, not from the file's header: a small
	 * file that decodes to ten hours (a header that says nothing or lies) costs no more
	 * than a recording at the limit.
	 */
	private Decoded decode(Path file, double maxSeconds) {
		AtomicLong outTimeMicros = new AtomicLong();
		// a decode runs at hundreds of times real time; allow for a slow, busy machine
		Duration timeout = Duration.ofSeconds(60 + (long) (maxSeconds / 20));
		// the meter's summary is logged at info level, after the decode; its per-frame
		// lines only at verbose
		Ffmpeg.Result result = this.ffmpeg.ffmpeg(file, List.of("-v", "info", "-nostats"),
				List.of("-map", "0:a:0", "-t", Long.toString((long) maxSeconds + 1), "-af",
						"ebur128=peak=true:framelog=verbose", "-f", "null", "-progress", "pipe:1", "-"),
				timeout, (stdout) -> readProgress(stdout, outTimeMicros));
		return new Decoded(outTimeMicros.get() / 1e6, Loudness.parse(result.stderr()));
	}

	private record Decoded(double seconds, Loudness loudness) {
	}

	private PermanentException tooLong(String why) {
		return new PermanentException("The recording is too long: " + why + "; the limit is "
				+ this.properties.maxDurationMinutes() + " minutes (SERMONFLOW_MAX_DURATION_MINUTES)");
	}

	/** "10 h 00 min", "1 min 10 s", "42 s". */
	static String spoken(double seconds) {
		long whole = (long) seconds;
		if (whole >= 3600) {
			return String.format("%d h %02d min", whole / 3600, whole % 3600 / 60);
		}
		return (whole >= 60) ? String.format("%d min %02d s", whole / 60, whole % 60) : whole + " s";
	}

	private static void readProgress(InputStream stdout, AtomicLong outTimeMicros) {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.startsWith("out_time_us=")) {
					try {
						outTimeMicros.set(Math.max(outTimeMicros.get(), Long.parseLong(line.substring(12).strip())));
					}
					catch (NumberFormatException ex) {
						// "N/A" before the first frame
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String sha256(Path file) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
