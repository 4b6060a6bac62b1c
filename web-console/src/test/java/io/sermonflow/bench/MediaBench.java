package io.sermonflow.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sermonflow.SermonflowApplication;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.media.AudioProbe;
import io.sermonflow.media.Ffmpeg;
import io.sermonflow.media.Loudness;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;
import io.sermonflow.media.Transcoder;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./sermonflow bench media} (issue 6). (1) The transcode task against the plain
 * ffmpeg command line with the same arguments on the same file. (2) Embedding throughput
 * against a direct ONNX Runtime loop over the same model, inputs and thread count. (3)
 * The whole {@code sermon-ingest} pipeline on a 30-minute spoken recording with the
 * offline engine, as a fraction of the audio's length.
 */
public final class MediaBench {

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private static final int MINUTES = Integer.getInteger("bench.minutes", 30);

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-bench-media");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class).run(
				"--server.port=0", "--logging.level.io.sermonflow=WARN",
				// the load generator is the only client: not a listener to rate-limit
				"--sermonflow.public-rate.exempt=127.0.0.1", "--logging.level.org.springframework.batch=WARN",
				"--sermonflow.data-dir=" + dir.resolve("data"))) {
			System.out.println("preparing a " + MINUTES + "-minute spoken recording");
			Path recording = longRecording(dir, MINUTES);
			double seconds = TestAudio.duration(recording.toString());
			Path excerpt = TestAudio.ffmpeg("-i", recording.toString(), "-t", "300", "-c", "copy", "-y",
					dir.resolve("excerpt.m4a").toString());

			List<Double> ours = new ArrayList<>();
			List<Double> unmeasured = new ArrayList<>();
			List<Double> cli = new ArrayList<>();
			MediaStore store = app.getBean(MediaStore.class);
			Transcoder transcoder = app.getBean(Transcoder.class);
			String folder = store.newFolder();
			String original = store.store(folder, "original", Files.newInputStream(excerpt), Long.MAX_VALUE).key();
			Loudness loudness = app.getBean(AudioProbe.class).probe(store.resolve(original)).loudness();
			for (int i = 0; i < ROUNDS; i++) {
				long start = System.nanoTime();
				transcoder.transcode(original, folder, 300, loudness);
				ours.add((System.nanoTime() - start) / 1e9);
				start = System.nanoTime();
				transcoder.transcode(original, folder, 300, null);
				unmeasured.add((System.nanoTime() - start) / 1e9);
				cli.add(plainFfmpeg(app.getBean(Ffmpeg.class).ffmpegPath(), store.resolve(original),
						dir.resolve("cli-" + i), loudness));
			}
			List<String> texts = chunkTexts(512);
			List<Double> embedOurs = new ArrayList<>();
			List<Double> embedDirect = new ArrayList<>();
			Embedder embedder = app.getBean(Embedder.class);
			DirectOnnx direct = new DirectOnnx();
			embedder.embed(texts.subList(0, 16));
			direct.embedAll(texts.subList(0, 16), 2);
			int threads = Runtime.getRuntime().availableProcessors();
			for (int i = 0; i < ROUNDS; i++) {
				long start = System.nanoTime();
				embedder.embed(texts);
				embedOurs.add(texts.size() / ((System.nanoTime() - start) / 1e9));
				start = System.nanoTime();
				direct.embedAll(texts, threads);
				embedDirect.add(texts.size() / ((System.nanoTime() - start) / 1e9));
			}

			Sermons sermons = app.getBean(Sermons.class);
			JdbcSermonStore store2 = app.getBean(JdbcSermonStore.class);
			long start = System.nanoTime();
			String sermonId;
			try (InputStream in = Files.newInputStream(recording)) {
				sermonId = sermons
					.upload(new SermonDetails("Bench", "Bench", java.time.LocalDate.now(), null, "en", null), in,
							"bench.m4a")
					.sermonId();
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES);
			Sermon sermon = store2.find(sermonId).orElseThrow();
			while (sermon.status() == Sermon.Status.PROCESSING && System.nanoTime() < deadline) {
				Thread.sleep(500);
				sermon = store2.find(sermonId).orElseThrow();
			}
			double pipeline = (System.nanoTime() - start) / 1e9;
			List<Double> edits = editToSearchable(app, sermonId);

			System.out.println();
			System.out.println("| measure | median | runs | target |");
			System.out.println("|---|---|---|---|");
			System.out.printf(
					"| transcode task, 5-minute excerpt, gain from the probe's measurement | %.2f s | %s | |%n",
					Stats.median(ours), ours);
			System.out.printf("| transcode task, same excerpt, no measurement (loudnorm) | %.2f s | %s | |%n",
					Stats.median(unmeasured), unmeasured);
			System.out.printf("| ratio measured gain ÷ loudnorm (median of per-run ratios) | %.3f | | < 1 |%n",
					Stats.ratio(ours, unmeasured));
			System.out.printf("| plain ffmpeg, same arguments, same file | %.2f s | %s | |%n", Stats.median(cli), cli);
			System.out.printf("| ratio transcode task ÷ plain ffmpeg (median of per-run ratios) | %.3f | | ≤ 1.05 |%n",
					Stats.ratio(ours, cli));
			System.out.printf("| embedding through Embedder, %d chunks, %d threads | %.1f chunks/s | %s | |%n",
					texts.size(), threads, Stats.median(embedOurs), embedOurs);
			System.out.printf("| direct ONNX Runtime loop, same model, inputs and threads | %.1f chunks/s | %s | |%n",
					Stats.median(embedDirect), embedDirect);
			System.out.printf("| ratio Embedder ÷ direct ONNX (median of per-run ratios) | %.3f | | ≥ 0.9 |%n",
					Stats.ratio(embedOurs, embedDirect));
			System.out.printf(
					"| whole pipeline, %.0f-minute recording, offline engine: %s in %.0f s | RTF %.3f | | ≤ 0.35 |%n",
					seconds / 60, sermon.status(), pipeline, pipeline / seconds);
			System.out.printf(
					"| one-segment transcript edit, accepted → searchable (sermon-refresh) | %.2f s | %s | |%n",
					Stats.median(edits), edits);
			System.out.printf("| ratio edit → searchable ÷ whole pipeline of the same sermon | %.4f | | ≤ 0.1 |%n",
					Stats.median(edits) / pipeline);
		}
	}

	/**
	 * Edits one segment of the published sermon per round, each adding a word found
	 * nowhere else, and times from the edit's acceptance until search finds the word.
	 */
	private static List<Double> editToSearchable(ConfigurableApplicationContext app, String sermonId) throws Exception {
		io.sermonflow.sermon.TranscriptEdits edits = app.getBean(io.sermonflow.sermon.TranscriptEdits.class);
		JdbcSermonStore store = app.getBean(JdbcSermonStore.class);
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < ROUNDS; i++) {
			String word = "benchword" + (char) ('a' + i) + "quux";
			int segment = 10 + 40 * i;
			io.sermonflow.transcript.Transcript transcript = store.transcript(sermonId).orElseThrow();
			String text = transcript.segments().get(segment).text() + " " + word;
			long start = System.nanoTime();
			edits.edit(sermonId, store.transcriptVersion(sermonId).getAsInt(),
					List.of(new io.sermonflow.sermon.TranscriptEdits.SegmentEdit(segment, text, null, null)), "bench");
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			while (System.nanoTime() < deadline) {
				String hits = http
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/search?q=" + word))
						.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
					.body();
				// the word itself in a hit's text: with one sermon indexed, its nearest
				// vectors come back for any query
				if (hits.contains(sermonId) && hits.contains(word)) {
					break;
				}
				Thread.sleep(20);
			}
			times.add((System.nanoTime() - start) / 1e9);
		}
		return times;
	}

	/**
	 * Rounds of the test sentences until {@code minutes} long (one round spoken, then
	 * copied).
	 */
	private static Path longRecording(Path dir, int minutes) {
		Path round = dir.resolve("round.m4a");
		Speech.record(dir, round, 1);
		double length = TestAudio.duration(round.toString());
		int copies = (int) Math.ceil(minutes * 60 / length);
		return TestAudio.ffmpeg("-stream_loop", String.valueOf(copies - 1), "-i", round.toString(), "-t",
				String.valueOf(minutes * 60), "-c:a", "aac", "-b:a", "96k", "-y", dir.resolve("long.m4a").toString());
	}

	private static double plainFfmpeg(String ffmpeg, Path input, Path out, Loudness loudness) throws Exception {
		Files.createDirectories(out.resolve("hls/64k"));
		Files.createDirectories(out.resolve("hls/128k"));
		long start = System.nanoTime();
		List<Process> processes = new ArrayList<>();
		// the task's processes, side by side as the task runs them
		for (List<String> pass : Transcoder.passes(out, loudness)) {
			List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-v", "error",
					"-protocol_whitelist", "file", "-format_whitelist", Ffmpeg.AUDIO_DEMUXERS, "-i", "file:" + input));
			command.addAll(pass);
			processes.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start());
		}
		for (Process process : processes) {
			process.waitFor();
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static List<String> chunkTexts(int count) {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			StringBuilder text = new StringBuilder();
			for (int s = 0; s < 12; s++) {
				text.append(Speech.SENTENCES.get((i + s) % Speech.SENTENCES.size())).append(' ');
			}
			texts.add(text.append(i).toString());
		}
		return texts;
	}

	/**
	 * The same all-MiniLM-L6-v2 ONNX file and tokenizer, run with ONNX Runtime directly:
	 * tokenize, run, mean-pool, normalise, one text per call from a fixed thread pool.
	 */
	static final class DirectOnnx {

		private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

		private final OrtSession session;

		private final HuggingFaceTokenizer tokenizer;

		DirectOnnx() throws Exception {
			ClassLoader loader = Embedder.class.getClassLoader();
			try (InputStream model = loader.getResourceAsStream("all-minilm-l6-v2.onnx");
					InputStream tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
				this.session = this.environment.createSession(model.readAllBytes(), new OrtSession.SessionOptions());
				this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizer,
						Map.of("padding", "false", "truncation", "true", "maxLength", "510"));
			}
		}

		void embedAll(List<String> texts, int threads) throws Exception {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Future<float[]>> results = new ArrayList<>();
			for (String text : texts) {
				results.add(pool.submit(() -> embed(text)));
			}
			for (Future<float[]> result : results) {
				result.get();
			}
			pool.shutdown();
		}

		float[] embed(String text) throws Exception {
			Encoding encoding = this.tokenizer.encode(text);
			long[] ids = encoding.getIds();
			long[] mask = encoding.getAttentionMask();
			long[] types = encoding.getTypeIds();
			long[] shape = { 1, ids.length };
			try (OnnxTensor idTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(ids), shape);
					OnnxTensor maskTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(mask), shape);
					OnnxTensor typeTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(types), shape);
					OrtSession.Result result = this.session.run(Map.of("input_ids", idTensor, "attention_mask",
							maskTensor, "token_type_ids", typeTensor))) {
				float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
				float[] pooled = new float[hidden[0].length];
				for (float[] token : hidden) {
					for (int d = 0; d < pooled.length; d++) {
						pooled[d] += token[d] / hidden.length;
					}
				}
				double norm = 0;
				for (float value : pooled) {
					norm += value * value;
				}
				for (int d = 0; d < pooled.length; d++) {
					pooled[d] /= (float) Math.sqrt(norm);
				}
				return pooled;
			}
		}

	}

}
