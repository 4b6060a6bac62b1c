package io.sermonflow.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.sermonflow.SermonflowApplication;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.TestAudio;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.support.HlsPlaylist;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * {@code ./sermonflow bench streaming} (issue 7). (1) Segment and range GETs from 200
 * concurrent keep-alive clients against Sermonflow and, in the same process, against
 * nginx serving the same files: throughput and time to first byte, alternating rounds.
 * (2) Search latency over 100,000 indexed chunks through {@code GET /api/search}.
 */
public final class StreamingBench {

	private static final int CLIENTS = Integer.getInteger("bench.clients", 200);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 15);

	private static final int MAX_REQUESTS = Integer.getInteger("bench.maxRequests", 400_000);

	private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

	private static final int CHUNKS = Integer.getInteger("bench.chunks", 100_000);

	private static final int QUERIES = Integer.getInteger("bench.queries", 300);

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-bench-streaming");
		String nginx = System.getProperty("bench.nginx", "/usr/sbin/nginx");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class).run(
				"--server.port=0", "--logging.level.io.sermonflow=WARN",
				// the load generator is the only client: not a listener to rate-limit
				"--sermonflow.public-rate.exempt=127.0.0.1", "--logging.level.org.springframework.batch=WARN",
				"--sermonflow.data-dir=" + dir.resolve("data"), "--server.tomcat.threads.max=200")) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			Sermon sermon = publishTone(app, dir);
			MediaStore media = app.getBean(MediaStore.class);
			Path folder = media.resolve(sermon.mediaFolder() + "/master.m3u8").getParent();
			// each variant's segments: byte ranges of its one fragmented MP4
			Map<String, List<HlsPlaylist.Part>> segments = new LinkedHashMap<>();
			for (String variant : List.of("64k", "128k")) {
				segments.put(variant,
						HlsPlaylist.segments(Files.readString(folder.resolve("hls/" + variant + "/index.m3u8"))));
			}
			long audioSize = Files.size(folder.resolve("audio.m4a"));
			Process server = startNginx(nginx, dir, folder, sermon.id());
			int nginxPort = Integer.parseInt(Files.readString(dir.resolve("nginx.port")).strip());
			try {
				List<Load> ours = new ArrayList<>();
				List<Load> theirs = new ArrayList<>();
				String path = "/listen/" + sermon.id();
				// warm both (JIT, page cache) unmeasured
				load(nginxPort, path, segments, audioSize, 5);
				load(port, path, segments, audioSize, 5);
				for (int round = 0; round < ROUNDS; round++) {
					theirs.add(load(nginxPort, path, segments, audioSize, SECONDS));
					ours.add(load(port, path, segments, audioSize, SECONDS));
				}
				report(ours, theirs);
				List<Double> searchMillis = searchLatency(app, port);
				System.out.printf("| search over %d chunks, %d distinct queries: p50 | %.1f ms | | | |%n", CHUNKS,
						searchMillis.size(), Stats.percentile(searchMillis, 50));
				System.out.printf("| search p99 | %.1f ms | | | ≤ 100 ms |%n", Stats.percentile(searchMillis, 99));
			}
			finally {
				server.destroy();
				server.waitFor(10, TimeUnit.SECONDS);
				// the bench's index is large; leave no disk behind
				ChunkIndex chunks = app.getBean(ChunkIndex.class);
				String index = chunks.ensure();
				chunks.client().indices().delete((d) -> d.index(index));
			}
		}
	}

	private static Sermon publishTone(ConfigurableApplicationContext app, Path dir) throws Exception {
		Path tone = TestAudio.tone(dir.resolve("tone.mp3"), 300, 330);
		JdbcSermonStore store = app.getBean(JdbcSermonStore.class);
		String id;
		try (InputStream in = Files.newInputStream(tone)) {
			id = app.getBean(Sermons.class)
				.upload(new SermonDetails("Bench", "Bench", LocalDate.now(), null, "en", null), in, "tone.mp3")
				.sermonId();
		}
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> store.find(id).orElseThrow().status() != Sermon.Status.PROCESSING);
		Sermon sermon = store.find(id).orElseThrow();
		if (sermon.status() != Sermon.Status.PUBLISHED) {
			throw new IllegalStateException("the bench sermon was not published: " + sermon.error());
		}
		return sermon;
	}

	/** nginx on a free loopback port, serving the sermon's files at the same paths. */
	private static Process startNginx(String nginx, Path dir, Path folder, String id) throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Files.writeString(dir.resolve("nginx.port"), Integer.toString(port));
		Path conf = dir.resolve("nginx.conf");
		Files.writeString(conf, """
				worker_processes auto;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/nginx-error.log warn;
				events { worker_connections 1024; }
				http {
				  access_log off;
				  sendfile on;
				  tcp_nopush on;
				  keepalive_requests 1000000;
				  client_body_temp_path %1$s/nginx-tmp;
				  types { audio/mp4 mp4; application/vnd.apple.mpegurl m3u8; }
				  server {
				    listen 127.0.0.1:%2$d;
				    location = /listen/%3$s/audio { alias %4$s/audio.m4a; default_type audio/mp4; }
				    location /listen/%3$s/ { alias %4$s/; }
				  }
				}
				""".formatted(dir, port, id, folder));
		List<String> command = new ArrayList<>(List.of(nginx, "-c", conf.toString(), "-p", dir.toString()));
		if ("root".equals(System.getProperty("user.name"))) {
			command.add("-g");
			command.add("user root;");
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("nginx.out").toFile())
			.start();
		HttpClient probe = HttpClient.newHttpClient();
		HttpRequest head = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/listen/" + id + "/audio"))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> probe.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
			return process;
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			process.destroy();
			throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
		}
	}

	/**
	 * {@code CLIENTS} clients, each on its own keep-alive connection, for
	 * {@code seconds}: 70 % HLS segments of either variant (their byte ranges), 30 % 64
	 * KiB ranges of the progressive file.
	 */
	private static Load load(int port, String path, Map<String, List<HlsPlaylist.Part>> segments, long audioSize,
			int seconds) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		List<List<Double>> ttfbs = Collections.synchronizedList(new ArrayList<>());
		AtomicLong requests = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		CountDownLatch ready = new CountDownLatch(CLIENTS);
		long[] window = new long[2];
		for (int c = 0; c < CLIENTS; c++) {
			int seed = c;
			pool.submit(() -> {
				HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				Random random = new Random(seed);
				List<Double> mine = new ArrayList<>();
				ttfbs.add(mine);
				ready.countDown();
				try {
					ready.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long end = window[1];
				while (System.nanoTime() < end && requests.incrementAndGet() <= MAX_REQUESTS) {
					HttpRequest.Builder request;
					if (random.nextInt(10) < 7) {
						String variant = random.nextBoolean() ? "64k" : "128k";
						List<HlsPlaylist.Part> parts = segments.get(variant);
						HlsPlaylist.Part part = parts.get(random.nextInt(parts.size()));
						request = HttpRequest
							.newBuilder(URI
								.create("http://127.0.0.1:" + port + path + "/hls/" + variant + "/" + part.uri()))
							.header("Range", part.range());
					}
					else {
						long first = (long) (random.nextDouble() * (audioSize - 65536));
						request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "/audio"))
							.header("Range", "bytes=" + first + "-" + (first + 65535));
					}
					long start = System.nanoTime();
					long[] firstByte = new long[1];
					try {
						HttpResponse<byte[]> response = http.send(request.build(), (info) -> {
							firstByte[0] = System.nanoTime();
							return HttpResponse.BodySubscribers.ofByteArray();
						});
						if (response.statusCode() != 200 && response.statusCode() != 206) {
							errors.incrementAndGet();
						}
						bytes.addAndGet(response.body().length);
						mine.add((firstByte[0] - start) / 1e6);
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			});
		}
		window[0] = System.nanoTime();
		window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
		pool.shutdown();
		pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
		double elapsed = (System.nanoTime() - window[0]) / 1e9;
		List<Double> all = new ArrayList<>();
		ttfbs.forEach(all::addAll);
		return new Load(all.size() / elapsed, bytes.get() / elapsed / 1e6, Stats.percentile(all, 50),
				Stats.percentile(all, 99), errors.get());
	}

	/**
	 * {@code CHUNKS} chunks over published sermons, then distinct queries one after
	 * another.
	 */
	private static List<Double> searchLatency(ConfigurableApplicationContext app, int port) throws Exception {
		Embedder embedder = app.getBean(Embedder.class);
		ChunkIndex index = app.getBean(ChunkIndex.class);
		JdbcSermonStore store = app.getBean(JdbcSermonStore.class);
		ElasticsearchClient client = index.client();
		String target = index.ensure();
		Random random = new Random(42);
		List<String> sentences = sentences(random, 800);
		System.out.println("embedding " + sentences.size() + " sentences for " + CHUNKS + " chunks");
		List<float[]> vectors = embedder.embed(sentences);
		int sermons = Math.max(1, CHUNKS / 500);
		List<String> ids = new ArrayList<>();
		for (int s = 0; s < sermons; s++) {
			String id = "bench-" + s;
			store.create(id, new SermonDetails("Bench sermon " + s, "Bench", LocalDate.now(), null, "en", null),
					"bench", null, null, null, null, null);
			store.published(id);
			ids.add(id);
		}
		long started = System.nanoTime();
		for (int from = 0; from < CHUNKS; from += 1000) {
			BulkRequest.Builder bulk = new BulkRequest.Builder().index(target);
			for (int i = from; i < Math.min(CHUNKS, from + 1000); i++) {
				int a = random.nextInt(sentences.size());
				int b = random.nextInt(sentences.size());
				float[] vector = new float[Embedder.DIMENSIONS];
				double norm = 0;
				for (int d = 0; d < vector.length; d++) {
					vector[d] = vectors.get(a)[d] + 0.5f * vectors.get(b)[d] + (float) (random.nextGaussian() * 0.01);
					norm += vector[d] * vector[d];
				}
				List<Float> values = new ArrayList<>(vector.length);
				for (float value : vector) {
					values.add((float) (value / Math.sqrt(norm)));
				}
				String sermonId = ids.get(i % ids.size());
				int seq = i / ids.size();
				Map<String, Object> source = Map.of("sermonId", sermonId, "seq", seq, "start", seq * 35.0, "end",
						seq * 35.0 + 45, "title", "Bench sermon", "text", sentences.get(a) + " " + sentences.get(b),
						"model", Embedder.MODEL, "vector", values);
				bulk.operations((op) -> op.index((x) -> x.id(sermonId + "-" + seq).document(source)));
			}
			var response = client.bulk(bulk.build());
			if (response.errors()) {
				throw new IllegalStateException("bulk indexing failed");
			}
		}
		client.indices().refresh((r) -> r.index(target));
		// no force-merge: a live index has the segments background merging leaves it
		System.out.printf("indexed %d chunks in %.0f s%n", index.count(target), (System.nanoTime() - started) / 1e9);
		HttpClient http = HttpClient.newHttpClient();
		List<String> queries = new ArrayList<>();
		for (int q = 0; q < QUERIES + 20; q++) {
			queries.add(WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
					+ WORDS[random.nextInt(WORDS.length)] + " " + q);
		}
		List<Double> millis = new ArrayList<>();
		for (int q = 0; q < queries.size(); q++) {
			long start = System.nanoTime();
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/search?k=10&q="
							+ URLEncoder.encode(queries.get(q), StandardCharsets.UTF_8)))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200 || !response.body().startsWith("[{")) {
				throw new IllegalStateException("search failed: " + response.statusCode() + " " + response.body());
			}
			if (q >= 20) {
				millis.add((System.nanoTime() - start) / 1e6);
			}
		}
		return millis;
	}

	private static final String[] WORDS = ("grace faith hope love mercy forgiveness kingdom heaven prayer peace joy "
			+ "neighbour shepherd sheep mustard seed bread wine water light darkness truth spirit word promise "
			+ "covenant cross resurrection sin repentance healing blessing sabbath temple prophet disciple apostle "
			+ "parable harvest vineyard fig tree mountain sea storm boat fishermen nets widow orphan stranger "
			+ "servant master talents lamp oil bridegroom wedding feast prodigal son father brother journey road "
			+ "Samaritan innkeeper coins treasure field pearl merchant leaven flour salt city hill wisdom fool "
			+ "house rock sand rain wind patience kindness gentleness humility courage fear doubt trust obedience")
		.split(" ");

	private static List<String> sentences(Random random, int count) {
		List<String> sentences = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			StringBuilder sentence = new StringBuilder();
			int words = 12 + random.nextInt(12);
			for (int w = 0; w < words; w++) {
				sentence.append((w > 0) ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
			}
			sentences.add(sentence.append('.').toString());
		}
		return sentences;
	}

	private static void report(List<Load> ours, List<Load> theirs) {
		List<Double> throughputOurs = ours.stream().map(Load::perSecond).toList();
		List<Double> throughputNginx = theirs.stream().map(Load::perSecond).toList();
		List<Double> p99Ours = ours.stream().map(Load::p99).toList();
		List<Double> p99Nginx = theirs.stream().map(Load::p99).toList();
		System.out.println();
		System.out.println("| measure | Sermonflow | nginx | ratio (median of rounds) | target |");
		System.out.println("|---|---|---|---|---|");
		System.out.printf("| requests/s, %d clients, median of %d rounds | %.0f | %.0f | %.2f | ≥ 0.5 |%n", CLIENTS,
				ROUNDS, Stats.median(throughputOurs), Stats.median(throughputNginx),
				Stats.ratio(throughputOurs, throughputNginx));
		System.out.printf("| MB/s | %.1f | %.1f | | |%n", Stats.median(ours.stream().map(Load::megabytes).toList()),
				Stats.median(theirs.stream().map(Load::megabytes).toList()));
		System.out.printf("| time to first byte p50 | %.1f ms | %.1f ms | | |%n",
				Stats.median(ours.stream().map(Load::p50).toList()),
				Stats.median(theirs.stream().map(Load::p50).toList()));
		System.out.printf("| time to first byte p99 | %.1f ms | %.1f ms | %.2f | ≤ 2 |%n", Stats.median(p99Ours),
				Stats.median(p99Nginx), Stats.ratio(p99Ours, p99Nginx));
		System.out.printf("| failed requests | %d | %d | | 0 |%n", ours.stream().mapToLong(Load::errors).sum(),
				theirs.stream().mapToLong(Load::errors).sum());
		System.out.println("| rounds (ours) | " + ours + " | | | |");
		System.out.println("| rounds (nginx) | " + theirs + " | | | |");
	}

	record Load(double perSecond, double megabytes, double p50, double p99, long errors) {

		@Override
		public String toString() {
			return String.format("%.0f/s p99 %.0f ms", this.perSecond, this.p99);
		}

	}

}
