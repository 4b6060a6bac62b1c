package io.sermonflow.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sermonflow.dag.Subprocesses;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;

import org.springframework.stereotype.Component;

/**
 * Runs ffmpeg and ffprobe on files we stored, and only those: every input is opened with
 * {@code -protocol_whitelist file} and a whitelist of audio demuxers, because ffmpeg
 * detects a playlist or concat list by its content whatever the file is named, and its
 * HLS and concat demuxers would then open any path the list names. Debian's ffmpeg is
 * used when present ({@code /usr/bin/ffmpeg}), else the one on the PATH. Processes are
 * started as the running task's ({@link Subprocesses}), so its timeout kills them.
 */
@Component
public class Ffmpeg {

	/** Audio containers we accept; "mov" covers mp4 and m4a, "matroska" covers webm. */
	public static final String AUDIO_DEMUXERS = "mp3,wav,aac,mov,ogg,flac,matroska,webm";

	private final String ffmpeg;

	private final String ffprobe;

	Ffmpeg() {
		this.ffmpeg = locate("ffmpeg");
		this.ffprobe = locate("ffprobe");
	}

	private static String locate(String tool) {
		Path debian = Path.of("/usr/bin", tool);
		return Files.isExecutable(debian) ? debian.toString() : tool;
	}

	/** The input options every run uses for a stored file. */
	static List<String> safeInput(Path input) {
		return List.of("-protocol_whitelist", "file", "-format_whitelist", AUDIO_DEMUXERS, "-i",
				"file:" + input.toAbsolutePath());
	}

	/** ffprobe's JSON description of a stored file's format and streams. */
	public String probeJson(Path input, Duration timeout) {
		List<String> command = new ArrayList<>(
				List.of(this.ffprobe, "-v", "error", "-show_format", "-show_streams", "-of", "json"));
		command.addAll(safeInput(input));
		return run(command, timeout, null).stdout();
	}

	/**
	 * Runs ffmpeg with {@code arguments} after the safe input options of {@code input};
	 * {@code stdout} receives its standard output (null to discard it). A non-zero exit
	 * is a permanent error quoting ffmpeg's last words; a timeout is retryable.
	 */
	public Result ffmpeg(Path input, List<String> before, List<String> arguments, Duration timeout,
			Consumer<InputStream> stdout) {
		List<String> command = new ArrayList<>(List.of(this.ffmpeg, "-nostdin", "-hide_banner", "-v", "error"));
		command.addAll(before);
		command.addAll(safeInput(input));
		command.addAll(arguments);
		return run(command, timeout, stdout);
	}

	public String ffmpegPath() {
		return this.ffmpeg;
	}

	private Result run(List<String> command, Duration timeout, Consumer<InputStream> stdoutConsumer) {
		Process process;
		try {
			process = Subprocesses.start(new ProcessBuilder(command));
		}
		catch (IOException ex) {
			throw new PermanentException(
					"ffmpeg could not be started (" + command.get(0) + "); install Debian's ffmpeg: " + ex.getMessage(),
					ex);
		}
		CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
		CompletableFuture<String> stdout = (stdoutConsumer != null) ? CompletableFuture.supplyAsync(() -> {
			stdoutConsumer.accept(process.getInputStream());
			return "";
		}) : CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				Subprocesses.destroyTree(process);
				throw new RetryableException("ffmpeg did not finish within " + timeout);
			}
			String out = stdout.get();
			String err = stderr.get();
			if (process.exitValue() != 0) {
				// the message reaches staff: name no server path
				throw new PermanentException(
						"ffmpeg could not read the file: " + lastLines(err).replaceAll("file:/\\S+", "the input"));
			}
			return new Result(out, err);
		}
		catch (InterruptedException ex) {
			Subprocesses.destroyTree(process);
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while ffmpeg ran", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("Reading ffmpeg's output failed", ex.getCause());
		}
	}

	private static String read(InputStream in) {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String lastLines(String stderr) {
		String[] lines = stderr.strip().split("\n");
		StringBuilder tail = new StringBuilder();
		for (int i = Math.max(0, lines.length - 3); i < lines.length; i++) {
			tail.append((tail.length() > 0) ? " / " : "").append(lines[i].strip());
		}
		return (tail.length() > 0) ? tail.toString() : "no output";
	}

	/** What ffmpeg printed. */
	public record Result(String stdout, String stderr) {
	}

}
