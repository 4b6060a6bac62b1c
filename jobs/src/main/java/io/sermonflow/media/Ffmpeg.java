package io.sermonflow.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sermonflow.config.NodeSoftware;
import io.sermonflow.dag.Subprocesses;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs ffmpeg on files we stored, and only those: every input is opened with
 * {@code -protocol_whitelist file} and a whitelist of audio demuxers, because ffmpeg
 * detects a playlist or concat list by its content whatever the file is named, and its
 * HLS and concat demuxers would then open any path the list names. Which ffmpeg runs is
 * {@link FfmpegLocator}'s choice: the machine's, or JAVE2's bundled one. Processes are
 * started as the running task's ({@link Subprocesses}), so its timeout kills them;
 * JAVE2's own process wrapper is not used, as it knows nothing of tasks.
 */
@Component
public class Ffmpeg implements NodeSoftware {

	/** Audio containers we accept; "mov" covers mp4 and m4a, "matroska" covers webm. */
	public static final String AUDIO_DEMUXERS = "mp3,wav,aac,mov,ogg,flac,matroska,webm";

	/**
	 * What is kept of a tool's output: a damaged file can make ffmpeg print an error per
	 * frame for hours, and its description of a file with thousands of streams or
	 * chapters grows with it.
	 */
	static final int OUTPUT_CAP = 1024 * 1024;

	/**
	 * Reads the children's output. Not the common pool: on two cores that has one thread,
	 * and CompletableFuture then starts a new thread for every read.
	 */
	private static final ExecutorService OUTPUT_READERS = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "sermonflow-ffmpeg-output");
		thread.setDaemon(true);
		return thread;
	});

	private final FfmpegBinary binary;

	private final String ffmpeg;

	@Autowired
	Ffmpeg(MediaProperties properties) {
		this(FfmpegLocator.locate(properties.ffmpeg(), properties.dataDir()));
	}

	Ffmpeg(FfmpegBinary binary) {
		this.binary = binary;
		this.ffmpeg = binary.path();
	}

	/** The input options every run uses for a stored file. */
	static List<String> safeInput(Path input) {
		return List.of("-protocol_whitelist", "file", "-format_whitelist", AUDIO_DEMUXERS, "-i",
				"file:" + input.toAbsolutePath());
	}

	/**
	 * ffmpeg's description of a stored file's container and streams: it opens the file
	 * and stops before the first frame.
	 */
	MediaDescription describe(Path input, Duration timeout) {
		Result result = ffmpeg(input, List.of("-v", "info", "-nostats"), List.of("-t", "0", "-f", "null", "-"), timeout,
				null);
		if (result.stderrCut()) {
			throw new PermanentException("ffmpeg's description of the file is over " + OUTPUT_CAP / 1024
					+ " KiB; the file has far more streams or metadata than a recording");
		}
		return MediaDescription.parse(result.stderr());
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

	/** Which ffmpeg this node runs. */
	public FfmpegBinary binary() {
		return this.binary;
	}

	@Override
	public String describe() {
		return this.binary.describe();
	}

	private Result run(List<String> command, Duration timeout, Consumer<InputStream> stdoutConsumer) {
		Process process;
		try {
			process = Subprocesses.start(new ProcessBuilder(command));
		}
		catch (IOException ex) {
			throw new PermanentException("ffmpeg could not be started (" + command.get(0) + "): " + ex.getMessage(),
					ex);
		}
		CompletableFuture<Output> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()),
				OUTPUT_READERS);
		CompletableFuture<Output> stdout = (stdoutConsumer != null) ? CompletableFuture.supplyAsync(() -> {
			stdoutConsumer.accept(process.getInputStream());
			return new Output("", false);
		}, OUTPUT_READERS) : CompletableFuture.supplyAsync(() -> tail(process.getInputStream()), OUTPUT_READERS);
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				Subprocesses.destroyTree(process);
				throw new RetryableException("ffmpeg did not finish within " + timeout);
			}
			Output out = stdout.get();
			Output errOut = stderr.get();
			String err = errOut.text();
			if (process.exitValue() != 0) {
				// the message reaches staff: name no server path
				throw new PermanentException(
						"ffmpeg could not read the file: " + lastLines(err).replaceAll("file:/\\S+", "the input"));
			}
			return new Result(out.text(), err, out.cut(), errOut.cut());
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

	/** Reads a stream to its end, keeping its last {@link #OUTPUT_CAP} bytes. */
	static Output tail(InputStream in) {
		try (in) {
			ByteArrayOutputStream kept = new ByteArrayOutputStream();
			boolean cut = false;
			byte[] buffer = new byte[8192];
			for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
				kept.write(buffer, 0, n);
				if (kept.size() > 2 * OUTPUT_CAP) {
					byte[] all = kept.toByteArray();
					kept.reset();
					kept.write(all, all.length - OUTPUT_CAP, OUTPUT_CAP);
					cut = true;
				}
			}
			byte[] all = kept.toByteArray();
			int from = Math.max(0, all.length - OUTPUT_CAP);
			return new Output(new String(all, from, all.length - from, StandardCharsets.UTF_8), cut || from > 0);
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

	/** What ffmpeg printed: the tail of each stream, and whether each was cut. */
	public record Result(String stdout, String stderr, boolean stdoutCut, boolean stderrCut) {
	}

	record Output(String text, boolean cut) {
	}

}
