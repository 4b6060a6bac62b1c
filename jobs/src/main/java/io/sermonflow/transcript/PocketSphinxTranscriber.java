package io.sermonflow.transcript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.dag.Subprocesses;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.media.Ffmpeg;
import io.sermonflow.files.Folders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline engine: CMU PocketSphinx (Debian {@code pocketsphinx}, model
 * {@code pocketsphinx-en-us}). Long audio is decoded once to 16 kHz mono, hearing its
 * pauses in the same pass, cut at pauses into pieces of about half a minute, and the
 * pieces are recognised in parallel across the cores; their words are shifted back to the
 * recording's time line and grouped into segments at pauses.
 */
public class PocketSphinxTranscriber implements Transcriber {

	static final int SAMPLE_RATE = SpeechAudio.SAMPLE_RATE;

	/** A piece is cut at the first pause after this long, and at the latest after MAX. */
	static final double TARGET_PIECE_SECONDS = 25;

	static final double MAX_PIECE_SECONDS = 45;

	/** A pause this long between words starts a new segment. */
	static final double SEGMENT_PAUSE_SECONDS = 0.6;

	static final double MAX_SEGMENT_SECONDS = 15;

	/** The CPU priority of the recognisers (nice(1): 0 normal, 19 lowest). */
	static final int NICENESS = 10;

	/** nice(1)'s exit status when the command it should run is not there. */
	private static final int COMMAND_NOT_FOUND = 127;

	private static final Pattern WORD = Pattern.compile("^(\\S+) ([0-9.]+) ([0-9.]+) ([0-9.]+)$");

	private final Ffmpeg ffmpeg;

	private final int threads;

	/** Decoder options chosen per transcription: the language model and dictionary. */
	private final Supplier<List<String>> decoderOptions;

	/** With the stock en-us model. */
	public PocketSphinxTranscriber(Ffmpeg ffmpeg, int threads) {
		this(ffmpeg, threads, List::of);
	}

	public PocketSphinxTranscriber(Ffmpeg ffmpeg, int threads, Supplier<List<String>> decoderOptions) {
		this(ffmpeg, threads, decoderOptions, (preacherId) -> Optional.empty());
	}

	public PocketSphinxTranscriber(Ffmpeg ffmpeg, int threads, Supplier<List<String>> decoderOptions,
			Function<String, Optional<Path>> voices) {
		this.voices = voices;
		this.ffmpeg = ffmpeg;
		this.threads = Math.max(1, threads);
		this.decoderOptions = decoderOptions;
	}

	@Override
	public String engine() {
		return "pocketsphinx";
	}

	/** A preacher's adapted acoustic model folder, when they have one. */
	private final Function<String, Optional<Path>> voices;

	@Override
	public Transcript transcribe(Path audio, String language) {
		return transcribe(audio, language, null);
	}

	@Override
	public Transcript transcribe(Path audio, String language, String preacherId) {
		return transcribe(audio, language, preacherId, Progress.NONE);
	}

	@Override
	public Transcript transcribe(Path audio, String language, String preacherId, Progress progress) {
		requireEnglish(language);
		Path work = null;
		try {
			List<String> options = options(preacherId);
			work = Files.createTempDirectory("sermonflow-asr-");
			SpeechAudio.Decoded decoded = SpeechAudio.withPauses(this.ffmpeg, audio);
			List<double[]> pieces = pieces(decoded.seconds(), decoded.pauses());
			List<Transcript.Word> words = recognise(work, decoded.pcm(), pieces, options,
					new PiecesHeard(progress, pieces.size()));
			return new Transcript(engine(), language, segments(words));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			Folders.deleteQuietly(work);
		}
	}

	@Override
	public boolean hearsInPieces(String language) {
		return isEnglish(language);
	}

	@Override
	public List<Span> cut(Path audio, Path speech, String language) {
		requireEnglish(language);
		SpeechAudio.Decoded decoded = SpeechAudio.withPauses(this.ffmpeg, audio);
		try {
			Files.write(speech, decoded.pcm());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pieces(decoded.seconds(), decoded.pauses()).stream()
			.map((piece) -> new Span(piece[0], piece[1]))
			.toList();
	}

	@Override
	public Transcript hear(Path audio, Path speech, Span piece, String language, String preacherId) {
		requireEnglish(language);
		Path wav = null;
		try {
			List<String> options = options(preacherId);
			byte[] span = Files.exists(speech) ? SpeechAudio.wav(speech, piece.start(), piece.end())
					// the decoded speech was tidied away (the transcript was made, and
					// this piece is heard again): decode the recording once more
					: SpeechAudio.wav(SpeechAudio.pcm(this.ffmpeg, audio), piece.start(), piece.end());
			wav = Files.createTempFile("sermonflow-asr-", ".wav");
			Files.write(wav, span);
			return new Transcript(engine(), language, segments(run(wav, piece.start(), piece.seconds(), options)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			Folders.deleteQuietly(wav);
		}
	}

	private static boolean isEnglish(String language) {
		return language.toLowerCase(java.util.Locale.ROOT).startsWith("en");
	}

	private static void requireEnglish(String language) {
		if (!isEnglish(language)) {
			throw new PermanentException("The offline engine knows English only, not '" + language
					+ "'; set DEEPGRAM_API_KEY to transcribe other languages");
		}
	}

	/**
	 * The decoder's options: the language model and dictionary, and the preacher's voice.
	 */
	private List<String> options(String preacherId) {
		List<String> options = new ArrayList<>(this.decoderOptions.get());
		this.voices.apply(preacherId).ifPresent((model) -> options.addAll(List.of("-hmm", model.toString())));
		return options;
	}

	/** [start, end) of each piece, cut at pauses. */
	static List<double[]> pieces(double duration, List<Double> pauses) {
		List<double[]> pieces = new ArrayList<>();
		double start = 0;
		for (Double pause : pauses) {
			while (pause - start > MAX_PIECE_SECONDS) {
				pieces.add(new double[] { start, start + MAX_PIECE_SECONDS });
				start += MAX_PIECE_SECONDS;
			}
			// no cut that would leave a last piece of a few seconds
			if (pause - start >= TARGET_PIECE_SECONDS && duration - pause >= 5) {
				pieces.add(new double[] { start, pause });
				start = pause;
			}
		}
		while (duration - start > MAX_PIECE_SECONDS) {
			pieces.add(new double[] { start, start + MAX_PIECE_SECONDS });
			start += MAX_PIECE_SECONDS;
		}
		if (duration - start > 0.01) {
			pieces.add(new double[] { start, duration });
		}
		return pieces;
	}

	private List<Transcript.Word> recognise(Path work, byte[] pcm, List<double[]> pieces, List<String> options,
			PiecesHeard heard) throws IOException {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(this.threads, Math.max(1, pieces.size())));
		try {
			List<Future<List<Transcript.Word>>> results = new ArrayList<>();
			for (int i = 0; i < pieces.size(); i++) {
				double[] piece = pieces.get(i);
				Path wav = work.resolve("piece-" + i + ".wav");
				Files.write(wav, SpeechAudio.wav(pcm, piece[0], piece[1]));
				results.add(pool.submit(() -> {
					List<Transcript.Word> piecesWords = run(wav, piece[0], piece[1] - piece[0], options);
					heard.oneMore();
					return piecesWords;
				}));
			}
			List<Transcript.Word> words = new ArrayList<>();
			for (Future<List<Transcript.Word>> result : results) {
				words.addAll(result.get());
			}
			return words;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while transcribing", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** One piece through pocketsphinx_continuous; its words shifted by {@code offset}. */
	private static List<Transcript.Word> run(Path wav, double offset, double length, List<String> options)
			throws IOException {
		Process process;
		try {
			// below the transcode's priority: the audio goes public when the transcode
			// ends (listenable first), so it takes the cores first and the
			// recognition the rest
			List<String> command = new ArrayList<>(List.of("nice", "-n", String.valueOf(NICENESS),
					"pocketsphinx_continuous", "-infile", wav.toString(), "-time", "yes", "-logfn", "/dev/null"));
			command.addAll(options);
			process = Subprocesses.start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD));
		}
		catch (IOException ex) {
			throw missingEngine(ex);
		}
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(60 + (long) (length * 10), TimeUnit.SECONDS)) {
				Subprocesses.destroyTree(process);
				throw new RetryableException("PocketSphinx did not finish a " + (int) length + " s piece in time");
			}
			if (process.exitValue() == COMMAND_NOT_FOUND) {
				throw missingEngine(null);
			}
		}
		catch (InterruptedException ex) {
			Subprocesses.destroyTree(process);
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while transcribing", ex);
		}
		List<Transcript.Word> words = new ArrayList<>();
		for (String line : out.split("\n")) {
			Matcher word = WORD.matcher(line.strip());
			if (!word.matches()) {
				continue;
			}
			String text = word.group(1).replaceAll("\\(\\d+\\)$", "");
			if (text.startsWith("<") || text.startsWith("[") || text.startsWith("+")) {
				continue;
			}
			words.add(new Transcript.Word(text, offset + Double.parseDouble(word.group(2)),
					offset + Double.parseDouble(word.group(3)), Double.parseDouble(word.group(4))));
		}
		return words;
	}

	private static PermanentException missingEngine(IOException cause) {
		return new PermanentException(
				"The offline engine is missing: install the Debian packages pocketsphinx and pocketsphinx-en-us",
				cause);
	}

	/** Words grouped into segments at pauses, none longer than about 15 s. */
	static List<Transcript.Segment> segments(List<Transcript.Word> words) {
		List<Transcript.Segment> segments = new ArrayList<>();
		List<Transcript.Word> current = new ArrayList<>();
		for (Transcript.Word word : words) {
			if (!current.isEmpty()) {
				Transcript.Word last = current.get(current.size() - 1);
				if (word.start() - last.end() >= SEGMENT_PAUSE_SECONDS
						|| word.end() - current.get(0).start() > MAX_SEGMENT_SECONDS) {
					segments.add(segment(current));
					current = new ArrayList<>();
				}
			}
			current.add(word);
		}
		if (!current.isEmpty()) {
			segments.add(segment(current));
		}
		return segments;
	}

	private static Transcript.Segment segment(List<Transcript.Word> words) {
		StringBuilder text = new StringBuilder();
		words.forEach((word) -> text.append((text.length() > 0) ? " " : "").append(word.word()));
		return new Transcript.Segment(words.get(0).start(), words.get(words.size() - 1).end(), text.toString(), words);
	}

	/**
	 * Counts the pieces recognised, in whatever order they end, and reports the count
	 * only forward. Progress is for people watching: a report that fails is logged, and
	 * the transcription goes on.
	 */
	private static final class PiecesHeard {

		private static final Logger log = LoggerFactory.getLogger(PiecesHeard.class);

		private final Progress progress;

		private final int total;

		private int done;

		PiecesHeard(Progress progress, int total) {
			this.progress = progress;
			this.total = total;
			report();
		}

		synchronized void oneMore() {
			this.done++;
			report();
		}

		private void report() {
			try {
				this.progress.heard(this.done, this.total);
			}
			catch (RuntimeException ex) {
				log.warn("Progress {} of {} pieces not recorded: {}", this.done, this.total, ex.getMessage());
			}
		}

	}

}
