package io.sermonflow.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Recordings made with ffmpeg's own generators, for the media tests. */
public final class TestAudio {

	private TestAudio() {
	}

	/**
	 * A tone under pink noise, {@code seconds} long, in the container {@code file} names.
	 */
	public static Path tone(Path file, double seconds, double frequency) {
		// an M4A with its index first, as a streaming-friendly encoder writes it
		String flags = file.toString().endsWith(".m4a") ? "+faststart" : "+default_base_moof";
		return ffmpeg("-f", "lavfi", "-i", "sine=frequency=" + frequency + ":duration=" + seconds, "-f", "lavfi", "-i",
				"anoisesrc=color=pink:amplitude=0.05:seed=7:duration=" + seconds, "-filter_complex", "amix=inputs=2",
				"-ar", "44100", "-movflags", flags, "-y", file.toString());
	}

	public static Path ffmpeg(String... args) {
		List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
		command.addAll(List.of(args));
		run(command);
		return Path.of(args[args.length - 1]);
	}

	/** ffprobe's duration of a file or playlist, in seconds. */
	public static double duration(String... input) {
		List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
				"-of", "default=noprint_wrappers=1:nokey=1"));
		command.addAll(List.of(input));
		return Double.parseDouble(run(command).strip().split("\n")[0]);
	}

	/**
	 * How many seconds of audio ffmpeg decodes from a file, following whatever it names.
	 */
	public static double decodedSeconds(String... input) {
		List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
		command.addAll(List.of(input));
		command.addAll(List.of("-f", "null", "-progress", "pipe:1", "-"));
		long micros = 0;
		for (String line : run(command).split("\n")) {
			if (line.startsWith("out_time_us=") && !line.endsWith("N/A")) {
				micros = Math.max(micros, Long.parseLong(line.substring(12).strip()));
			}
		}
		return micros / 1e6;
	}

	public static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The application's ffmpeg runner, for tests outside this package. */
	public static Ffmpeg ffmpegForTests() {
		return FfmpegUnderTest.SYSTEM.ffmpeg();
	}

	/** A media store under {@code dir}, for tests outside this package. */
	public static MediaStore mediaStore(Path dir) throws java.io.IOException {
		return new MediaStore(new MediaProperties(dir, null, null, null));
	}

}
