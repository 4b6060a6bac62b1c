package io.sermonflow.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.mapping.PieceView;
import io.sermonflow.media.TestAudio;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./sermonflow bench publish} (issue 22): a recording as churches upload them (a
 * 45-minute stereo 44.1 kHz VBR MP3 with ID3 tags and cover art, music at both ends,
 * pauses between readings) through {@code sermon-ingest} with the default settings: time
 * until the audio is public and until the transcript is searchable, against a naive
 * baseline run in the same script (the plain ffmpeg command for the same renditions, then
 * {@code pocketsphinx_continuous} over the whole file), with the peak memory of each.
 */
public final class PublishBench {

	private static final int MINUTES = Integer.getInteger("bench.minutes", 45);

	private static final double MUSIC_SECONDS = 75;

	/** The recording two nodes share at the end; 0 leaves that part out. */
	private static final int TWO_NODE_MINUTES = Integer.getInteger("bench.twoNodeMinutes", 10);

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-bench-publish");
		System.out.println("preparing a " + MINUTES + "-minute recording");
		Path recording = recording(dir, MINUTES);
		double seconds = TestAudio.duration(recording.toString());
		String format = TestAudio.run(List.of("ffprobe", "-v", "error", "-show_entries",
				"stream=codec_type,codec_name,sample_rate,channels:format=bit_rate", "-of", "compact",
				recording.toString()));
		System.out.println(format.strip().replace('\n', ' '));

		Ours ours;
		try (PeakMemory memory = new PeakMemory(true);
				ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class).run(
						"--server.port=0", "--logging.level.io.sermonflow=WARN",
						"--logging.level.org.springframework.batch=WARN",
						"--sermonflow.data-dir=" + dir.resolve("data"))) {
			ours = ours(app, recording, memory);
		}
		Baseline baseline;
		try (PeakMemory memory = new PeakMemory(false)) {
			baseline = baseline(dir, recording, memory);
		}
		TwoNodes twoNodes = (TWO_NODE_MINUTES > 0) ? twoNodes(dir) : null;

		System.out.println();
		System.out.printf("Recording: %.1f min, %s%n%n", seconds / 60, recording.getFileName());
		System.out.println("| measure | Sermonflow | naive baseline | ratio | target |");
		System.out.println("|---|---|---|---|---|");
		System.out.printf(
				"| listenable (audio public) | %.0f s, RTF %.3f | %.0f s, RTF %.3f | %.2f | ≤ 120 s, ≤ 0.5 |%n",
				ours.listenable, ours.listenable / seconds, baseline.listenable, baseline.listenable / seconds,
				ours.listenable / baseline.listenable);
		System.out.printf(
				"| fully published (transcript searchable) | %.0f s, RTF %.3f | %.0f s, RTF %.3f | %.2f | RTF ≤ 0.12, ≤ 0.5 |%n",
				ours.published, ours.published / seconds, baseline.published, baseline.published / seconds,
				ours.published / baseline.published);
		System.out.printf(
				"| peak memory: the node (this JVM) and its children; the baseline's processes | %.0f MiB | %.0f MiB | | ≤ 1536 MiB |%n",
				ours.peakMiB, baseline.peakMiB);
		for (Map.Entry<String, Double> task : ours.tasks.entrySet()) {
			System.out.printf("| task %s | %.0f s, RTF %.3f | | | |%n", task.getKey(), task.getValue(),
					task.getValue() / seconds);
		}
		System.out.printf("| sermon state | %s, transcript %s | | | |%n", ours.sermon.status(),
				ours.sermon.transcriptState());
		if (twoNodes != null) {
			System.out.println();
			System.out.printf("Two nodes on this machine, one stack, a %d-minute recording (%.1f min of audio):%n%n",
					TWO_NODE_MINUTES, twoNodes.seconds / 60);
			System.out.println("| node | pieces heard | seconds of audio | the run's node |");
			System.out.println("|---|---|---|---|");
			twoNodes.pieces.forEach((node, count) -> System.out.printf("| %s | %d | %.0f | %s |%n", node, count,
					twoNodes.audio.getOrDefault(node, 0.0), node.equals(twoNodes.runNode) ? "yes" : ""));
			System.out.printf(
					"%nFully published after %.0f s (RTF %.3f). Both nodes share this machine's two cores, "
							+ "so this shows how the pieces spread, not a speed-up.%n",
					twoNodes.published, twoNodes.published / twoNodes.seconds);
		}
	}

	private record TwoNodes(double seconds, double published, Map<String, Long> pieces, Map<String, Double> audio,
			String runNode) {
	}

	/**
	 * A shorter recording through two nodes on the same stack (this JVM: the first plays
	 * every role, the second is a worker): which node heard which pieces of it.
	 */
	private static TwoNodes twoNodes(Path dir) throws Exception {
		Path recording = recording(Files.createDirectories(dir.resolve("two-nodes")), TWO_NODE_MINUTES);
		double seconds = TestAudio.duration(recording.toString());
		String[] common = { "--server.port=0", "--logging.level.io.sermonflow=WARN",
				"--logging.level.org.springframework.batch=WARN", "--sermonflow.data-dir=" + dir.resolve("data") };
		try (ConfigurableApplicationContext first = new SpringApplicationBuilder(SermonflowApplication.class)
			.run(common);
				ConfigurableApplicationContext second = new SpringApplicationBuilder(SermonflowApplication.class)
					.run(Stream.concat(Stream.of(common), Stream.of("--sermonflow.roles=worker"))
						.toArray(String[]::new))) {
			FirstStartWork.await(first, 30);
			JdbcSermonStore store = first.getBean(JdbcSermonStore.class);
			long start = System.nanoTime();
			String sermonId;
			try (InputStream in = Files.newInputStream(recording)) {
				sermonId = first.getBean(Sermons.class)
					.upload(new SermonDetails("Two nodes", "Bench", java.time.LocalDate.now(), null, "en", null), in,
							"two-nodes.mp3")
					.sermonId();
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TWO_NODE_MINUTES * 3L);
			Sermon sermon = store.find(sermonId).orElseThrow();
			while (System.nanoTime() < deadline && sermon.status() != Sermon.Status.FAILED
					&& !(sermon.status() == Sermon.Status.PUBLISHED
							&& sermon.transcriptState() != Sermon.TranscriptState.PROCESSING)) {
				Thread.sleep(250);
				sermon = store.find(sermonId).orElseThrow();
			}
			double published = (System.nanoTime() - start) / 1e9;
			RunStore runs = first.getBean(RunStore.class);
			String runId = runs.runsOfEvent(sermon.eventId()).get(0);
			Map<String, Long> pieces = new java.util.TreeMap<>();
			Map<String, Double> audio = new java.util.TreeMap<>();
			List<PieceView> heard = first.getBean(PieceStore.class).pieces(runId);
			tools.jackson.databind.JsonNode cut = first.getBean(tools.jackson.databind.json.JsonMapper.class)
				.readTree(runs.find(runId)
					.orElseThrow()
					.tasks()
					.stream()
					.filter((task) -> task.taskId().equals("split_speech"))
					.findFirst()
					.orElseThrow()
					.outputJson());
			for (PieceView piece : heard) {
				String node = String.valueOf(piece.nodeId());
				pieces.merge(node, 1L, Long::sum);
				tools.jackson.databind.JsonNode span = cut.get(piece.index());
				audio.merge(node, span.get("end").asDouble() - span.get("start").asDouble(), Double::sum);
			}
			return new TwoNodes(seconds, published, pieces, audio, runs.find(runId).orElseThrow().nodeId());
		}
	}

	private record Ours(double listenable, double published, double peakMiB, Map<String, Double> tasks, Sermon sermon) {
	}

	private record Baseline(double listenable, double published, double peakMiB) {
	}

	private static Ours ours(ConfigurableApplicationContext app, Path recording, PeakMemory memory) throws Exception {
		Sermons sermons = app.getBean(Sermons.class);
		JdbcSermonStore store = app.getBean(JdbcSermonStore.class);
		// the verse index and the vocabulary are built once per installation, at first
		// start: not part of a sermon's cost
		FirstStartWork.await(app, 30);
		memory.reset();
		Instant uploaded = Instant.now();
		long start = System.nanoTime();
		String sermonId;
		try (InputStream in = Files.newInputStream(recording)) {
			sermonId = sermons
				.upload(new SermonDetails("The Letter to the Romans", "Bench", java.time.LocalDate.now(), null, "en",
						null), in, "romans.mp3")
				.sermonId();
		}
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES * 2L);
		Sermon sermon = store.find(sermonId).orElseThrow();
		double published = Double.NaN;
		while (System.nanoTime() < deadline && sermon.status() != Sermon.Status.FAILED) {
			if (sermon.status() == Sermon.Status.PUBLISHED
					&& sermon.transcriptState() != Sermon.TranscriptState.PROCESSING) {
				published = (System.nanoTime() - start) / 1e9;
				break;
			}
			Thread.sleep(250);
			sermon = store.find(sermonId).orElseThrow();
		}
		double listenable = sermon.publishedAt() == null ? Double.NaN
				: Duration.between(uploaded, sermon.publishedAt()).toMillis() / 1e3;
		RunStore runs = app.getBean(RunStore.class);
		Map<String, Double> tasks = new java.util.LinkedHashMap<>();
		for (String runId : runs.runsOfEvent(sermon.eventId())) {
			for (TaskRun task : runs.find(runId).orElseThrow().tasks()) {
				if (task.startedAt() != null && task.endedAt() != null) {
					tasks.put(task.taskId(), Duration.between(task.startedAt(), task.endedAt()).toMillis() / 1e3);
				}
			}
		}
		return new Ours(listenable, published, memory.peakMiB(), tasks, sermon);
	}

	/**
	 * What a person would type without Sermonflow: one ffmpeg command writing the same
	 * renditions (two HLS bit rates and the progressive file, each loudness-normalised),
	 * then the whole file through PocketSphinx's stock model, one after the other.
	 */
	private static Baseline baseline(Path dir, Path recording, PeakMemory memory) throws Exception {
		Path out = Files.createDirectories(dir.resolve("naive"));
		Files.createDirectories(out.resolve("64k"));
		Files.createDirectories(out.resolve("128k"));
		String loudnorm = "loudnorm=I=-16:TP=-1.5:LRA=11";
		memory.reset();
		long start = System.nanoTime();
		TestAudio.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-i", recording.toString(), "-map", "0:a",
				"-af", loudnorm, "-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-f", "hls", "-hls_time", "6",
				"-hls_playlist_type", "vod", out.resolve("64k/index.m3u8").toString(), "-map", "0:a", "-af", loudnorm,
				"-c:a", "aac", "-b:a", "128k", "-ar", "44100", "-f", "hls", "-hls_time", "6", "-hls_playlist_type",
				"vod", out.resolve("128k/index.m3u8").toString(), "-map", "0:a", "-af", loudnorm, "-c:a", "aac", "-b:a",
				"128k", "-ar", "44100", out.resolve("audio.m4a").toString()));
		double listenable = (System.nanoTime() - start) / 1e9;
		Path wav = TestAudio.ffmpeg("-i", recording.toString(), "-map", "0:a", "-ac", "1", "-ar", "16000", "-y",
				out.resolve("whole.wav").toString());
		Process asr = new ProcessBuilder("pocketsphinx_continuous", "-infile", wav.toString(), "-time", "yes", "-logfn",
				"/dev/null")
			.redirectOutput(out.resolve("transcript.txt").toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!asr.waitFor(MINUTES * 2L, TimeUnit.MINUTES)) {
			asr.destroyForcibly();
			throw new IllegalStateException("pocketsphinx_continuous did not finish in time");
		}
		double published = (System.nanoTime() - start) / 1e9;
		return new Baseline(listenable, published, memory.peakMiB());
	}

	/**
	 * Music, a pause, readings from Romans (World English Bible, espeak-ng, two voices,
	 * pauses between chapters, light room noise) until {@code minutes}, a pause, music;
	 * encoded as a VBR MP3 with ID3v2 tags and a cover picture.
	 */
	static Path recording(Path dir, int minutes) throws Exception {
		double speechSeconds = minutes * 60 - 2 * MUSIC_SECONDS - 8;
		List<String> parts = new ArrayList<>(List.of("sox"));
		parts.add(music(dir, "intro", 196).toString());
		parts.add(silence(dir, 4).toString());
		double spoken = 0;
		for (int chapter = 1; spoken < speechSeconds; chapter++) {
			String reference = chapter <= 16 ? "Rom " + chapter : "Heb " + (chapter - 16);
			String text = TestAudio.run(List.of("diatheke", "-b", "engWEB2015eb", "-f", "plain", "-k", reference))
				.replaceAll("(?m)^\\S+ \\d+:\\d+: ", "")
				.replaceAll("\\(engWEB2015eb\\)", "");
			Path textFile = dir.resolve("chapter" + chapter + ".txt");
			Files.writeString(textFile, text, StandardCharsets.UTF_8);
			Path raw = dir.resolve("chapter" + chapter + ".wav");
			TestAudio.run(List.of("espeak-ng", "-v", chapter % 3 == 0 ? "en-us+m3" : "en-us", "-s",
					chapter % 2 == 0 ? "150" : "140", "-f", textFile.toString(), "-w", raw.toString()));
			Path padded = dir.resolve("chapter" + chapter + "-44k.wav");
			TestAudio.run(List.of("sox", "-R", raw.toString(), "-r", "44100", "-c", "2", padded.toString(), "pad", "0",
					String.valueOf(2 + chapter % 3)));
			spoken += Double.parseDouble(TestAudio.run(List.of("soxi", "-D", padded.toString())).strip());
			parts.add(padded.toString());
		}
		parts.add(silence(dir, 4).toString());
		parts.add(music(dir, "outro", 147).toString());
		Path program = dir.resolve("program.wav");
		parts.add(program.toString());
		parts.addAll(List.of("trim", "0", String.valueOf(minutes * 60)));
		TestAudio.run(parts);
		Path cover = TestAudio.ffmpeg("-f", "lavfi", "-i",
				"color=c=0x2a4d69:s=600x600,drawbox=x=150:y=150:w=300:h=300:color=0xe7eff6:t=fill", "-frames:v", "1",
				"-y", dir.resolve("cover.jpg").toString());
		return TestAudio.ffmpeg("-i", program.toString(), "-f", "lavfi", "-i",
				"anoisesrc=color=pink:amplitude=0.004:seed=11", "-i", cover.toString(), "-filter_complex",
				"[0:a][1:a]amix=inputs=2:duration=first:normalize=0[a]", "-map", "[a]", "-map", "2:v", "-c:a",
				"libmp3lame", "-q:a", "4", "-ar", "44100", "-ac", "2", "-c:v", "copy", "-id3v2_version", "3",
				"-metadata", "title=The Letter to the Romans", "-metadata", "artist=Bench Preacher", "-metadata",
				"album=Sunday Sermons", "-metadata", "date=2026", "-metadata:s:v", "title=Album cover", "-metadata:s:v",
				"comment=Cover (front)", "-y", dir.resolve("romans.mp3").toString());
	}

	private static Path music(Path dir, String name, double root) {
		Path file = dir.resolve(name + ".wav");
		// a chord, one note per side, swelling and fading
		TestAudio.run(List.of("sox", "-n", "-r", "44100", "-c", "2", file.toString(), "synth",
				String.valueOf(MUSIC_SECONDS), "triangle", String.valueOf(root), "sine", String.valueOf(root * 3 / 2),
				"tremolo", "1.5", "40", "fade", "2", String.valueOf(MUSIC_SECONDS), "4", "gain", "-n", "-6"));
		return file;
	}

	private static Path silence(Path dir, double seconds) {
		Path file = dir.resolve("silence-" + seconds + ".wav");
		TestAudio
			.run(List.of("sox", "-n", "-r", "44100", "-c", "2", file.toString(), "trim", "0", String.valueOf(seconds)));
		return file;
	}

	/**
	 * The peak resident memory of the processes this JVM started, and of the JVM itself
	 * when it hosts the node, sampled twice a second.
	 */
	static final class PeakMemory implements AutoCloseable {

		private final AtomicLong peak = new AtomicLong();

		private final Thread sampler;

		private volatile boolean running = true;

		PeakMemory(boolean includingSelf) {
			this.sampler = new Thread(() -> {
				while (this.running) {
					long total = includingSelf ? rss(ProcessHandle.current().pid()) : 0;
					try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
						total += children.mapToLong((child) -> rss(child.pid())).sum();
					}
					this.peak.accumulateAndGet(total, Math::max);
					try {
						Thread.sleep(500);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "peak-memory");
			this.sampler.setDaemon(true);
			this.sampler.start();
		}

		void reset() {
			this.peak.set(0);
		}

		double peakMiB() {
			return this.peak.get() / 1024.0 / 1024.0;
		}

		private static long rss(long pid) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
					if (line.startsWith("VmRSS:")) {
						return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
					}
				}
			}
			catch (Exception ex) {
				// the process ended between listing and reading
			}
			return 0;
		}

		@Override
		public void close() {
			this.running = false;
			this.sampler.interrupt();
		}

	}

}
