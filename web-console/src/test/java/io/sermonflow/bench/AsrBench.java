package io.sermonflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.sermonflow.media.TestAudio;
import io.sermonflow.transcript.PocketSphinxTranscriber;
import io.sermonflow.transcript.Transcript;
import io.sermonflow.transcript.WordErrors;
import io.sermonflow.transcript.vocabulary.Vocabulary;
import io.sermonflow.transcript.voice.VoiceAdaptation;

/**
 * {@code ./sermonflow bench asr}: word error rate, keyword recall and real-time factor of
 * the offline engine with the stock en-us model and with the sermon model, side by side
 * over the fixed evaluation set {@code bench/asr/eval.tsv} (spoken by espeak-ng in four
 * voices, with light noise). Each recording is decoded by both models in turn, the order
 * alternating, so the machine's noise falls on both alike.
 */
public final class AsrBench {

	/** The religious vocabulary whose recall is reported (book names included). */
	static final Set<String> KEYWORDS = Set.of("grace", "mercy", "righteousness", "covenant", "resurrection", "faith",
			"kingdom", "romans", "corinthians", "hebrews", "psalm", "john", "lord", "god", "jesus", "heaven", "amen",
			"pray", "shepherd");

	private AsrBench() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(System.getProperty("bench.root", "."));
		Path cache = Path.of(System.getenv().getOrDefault("SERMONFLOW_ASR_CACHE_DIR", ".sermonflow/asr"));
		List<String> sermon = Vocabulary.sermonModelOptions(cache);
		Path work = Files.createTempDirectory("sermonflow-asr-bench");
		PocketSphinxTranscriber stockEngine = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 2);
		PocketSphinxTranscriber sermonEngine = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 2, () -> sermon);
		// one adapted model per voice, from other sentences in that voice (as a
		// preacher's
		// approved transcripts adapt their voice)
		Map<String, List<VoiceAdaptation.Utterance>> byVoice = new java.util.TreeMap<>();
		for (String line : Files.readAllLines(root.resolve("bench/asr/adapt.tsv"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\t");
			Path audio = speak(work, fields[0], fields[1], Integer.parseInt(fields[2]), fields[3]);
			byVoice.computeIfAbsent(fields[1], (voice) -> new ArrayList<>())
				.add(new VoiceAdaptation.Utterance(audio, fields[3]));
		}
		Map<String, Path> voices = new HashMap<>();
		List<Double> adaptSeconds = new ArrayList<>();
		for (Map.Entry<String, List<VoiceAdaptation.Utterance>> voice : byVoice.entrySet()) {
			long start = System.nanoTime();
			VoiceAdaptation.adapt(voice.getValue(), work.resolve("voice-" + voice.getKey()));
			adaptSeconds.add((System.nanoTime() - start) / 1e9);
			voices.put(voice.getKey(), work.resolve("voice-" + voice.getKey()));
		}
		PocketSphinxTranscriber adaptedEngine = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 2, () -> sermon,
				(voice) -> java.util.Optional.ofNullable(voices.get(voice)));
		Score stock = new Score();
		Score tuned = new Score();
		Score adapted = new Score();
		int i = 0;
		for (String line : Files.readAllLines(root.resolve("bench/asr/eval.tsv"))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] fields = line.split("\t");
			Path audio = speak(work, fields[0], fields[1], Integer.parseInt(fields[2]), fields[3]);
			double seconds = seconds(audio);
			String reference = fields[3];
			boolean stockFirst = (i++ % 2) == 0;
			for (int turn = 0; turn < 2; turn++) {
				boolean useStock = (turn == 0) == stockFirst;
				long start = System.nanoTime();
				Transcript transcript = (useStock ? stockEngine : sermonEngine).transcribe(audio, "en");
				double elapsed = (System.nanoTime() - start) / 1e9;
				(useStock ? stock : tuned).add(reference, text(transcript), elapsed / seconds);
				if (System.getProperty("bench.verbose") != null) {
					System.err.println(fields[0] + (useStock ? " stock : " : " sermon: ") + text(transcript));
				}
			}
			long start = System.nanoTime();
			Transcript heard = adaptedEngine.transcribe(audio, "en", fields[1]);
			adapted.add(reference, text(heard), (System.nanoTime() - start) / 1e9 / seconds);
		}
		// real human speech, read English prose (pocketsphinx-testdata's LibriVox
		// pieces):
		// everyday speech must keep working with the sermon model
		Path librivox = Path.of("/usr/share/pocketsphinx/test/data/librivox");
		Score stockProse = new Score();
		Score sermonProse = new Score();
		Score otherVoiceProse = new Score();
		if (Files.isRegularFile(librivox.resolve("transcription"))) {
			for (String line : Files.readAllLines(librivox.resolve("transcription"))) {
				String id = line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')'));
				String reference = line.substring(0, line.lastIndexOf('(')).replace("<s>", "").replace("</s>", "");
				Path audio = librivox.resolve(id + ".wav");
				double seconds = seconds(audio);
				for (boolean useStock : new boolean[] { true, false }) {
					long start = System.nanoTime();
					Transcript transcript = (useStock ? stockEngine : sermonEngine).transcribe(audio, "en");
					(useStock ? stockProse : sermonProse).add(reference, text(transcript),
							(System.nanoTime() - start) / 1e9 / seconds);
				}
				// a voice's model on someone else's voice: why it is used only for its
				// own
				long start = System.nanoTime();
				otherVoiceProse.add(reference, text(adaptedEngine.transcribe(audio, "en", "en-us")),
						(System.nanoTime() - start) / 1e9 / seconds);
			}
		}
		System.out.println("| model | word error rate | keyword recall | real-time factor (median) |");
		System.out.println("|---|---:|---:|---:|");
		System.out.println(stock.row("stock en-us"));
		System.out.println(tuned.row("sermon"));
		System.out.printf(Locale.ROOT,
				"| sermon vs stock | %.0f %% lower WER (relative) | %+.2f | %.2f× the stock RTF |%n",
				100 * (1 - tuned.wer() / stock.wer()), tuned.recall() - stock.recall(),
				Stats.median(tuned.rtf) / Stats.median(stock.rtf));
		System.out.println(adapted.row("sermon + the speaker's adapted voice"));
		System.out.printf(Locale.ROOT,
				"| adapted voice vs stock | %.0f %% lower WER (relative) | %+.2f | %.2f× the stock RTF |%n",
				100 * (1 - adapted.wer() / stock.wer()), adapted.recall() - stock.recall(),
				Stats.median(adapted.rtf) / Stats.median(stock.rtf));
		System.out.printf(Locale.ROOT,
				"| voice adaptation | %d voices, %d sentences each | | %.1f s a voice (median) |%n", voices.size(),
				byVoice.values().iterator().next().size(), Stats.median(adaptSeconds));
		System.out.println("| recordings | " + stock.rtf.size() + " | " + stock.keywords + " keywords | |");
		if (!stockProse.rtf.isEmpty()) {
			System.out
				.println(stockProse.row("stock en-us, LibriVox prose (" + stockProse.rtf.size() + " real recordings)"));
			System.out.println(sermonProse.row("sermon, LibriVox prose"));
			System.out.println(otherVoiceProse.row("sermon + an espeak voice's model, LibriVox prose (not its voice)"));
		}
	}

	private static String text(Transcript transcript) {
		StringBuilder text = new StringBuilder();
		transcript.segments().forEach((segment) -> text.append(segment.text()).append(' '));
		return text.toString();
	}

	/**
	 * The sentence spoken by espeak-ng, at 16 kHz with white noise 40 dB below speech.
	 */
	private static Path speak(Path work, String id, String voice, int speed, String text) throws Exception {
		Path raw = work.resolve(id + "-raw.wav");
		Path clean = work.resolve(id + "-clean.wav");
		Path noise = work.resolve(id + "-noise.wav");
		Path out = work.resolve(id + ".wav");
		run("espeak-ng", "-v", voice, "-s", String.valueOf(speed), "-g", "2", "-w", raw.toString(), text);
		run("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", clean.toString(), "pad", "0.5", "0.5");
		run("sox", "-R", clean.toString(), noise.toString(), "synth", "whitenoise", "vol", "0.01");
		run("sox", "-m", clean.toString(), noise.toString(), out.toString());
		return out;
	}

	private static double seconds(Path wav) throws Exception {
		return (Files.size(wav) - 44) / 32_000.0;
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed");
		}
	}

	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").split("\\s+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	private static final class Score {

		int errors;

		int words;

		int keywords;

		int keywordsHeard;

		final List<Double> rtf = new ArrayList<>();

		void add(String referenceText, String hypothesisText, double realTimeFactor) {
			List<String> reference = words(referenceText);
			List<String> hypothesis = words(hypothesisText);
			this.errors += WordErrors.errors(reference, hypothesis);
			this.words += reference.size();
			Map<String, Integer> heard = new HashMap<>();
			hypothesis.forEach((word) -> heard.merge(word, 1, Integer::sum));
			for (String word : reference) {
				if (KEYWORDS.contains(word)) {
					this.keywords++;
					if (heard.getOrDefault(word, 0) > 0) {
						this.keywordsHeard++;
						heard.merge(word, -1, Integer::sum);
					}
				}
			}
			this.rtf.add(realTimeFactor);
		}

		double wer() {
			return (double) this.errors / this.words;
		}

		double recall() {
			return (double) this.keywordsHeard / this.keywords;
		}

		String row(String name) {
			return String.format(Locale.ROOT, "| %s | %.3f (%d/%d) | %.2f (%d/%d) | %.3f |", name, wer(), this.errors,
					this.words, recall(), this.keywordsHeard, this.keywords, Stats.median(this.rtf));
		}

	}

}
