package io.sermonflow.bench;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.SermonflowApplication;
import io.sermonflow.archive.ArchiveImport;
import io.sermonflow.archive.ArchiveImports;
import io.sermonflow.archive.ImportState;
import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonDetails;
import io.sermonflow.sermon.Sermons;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./sermonflow bench import} (issue 18): an archive of {@code bench.items} (50)
 * spoken recordings of {@code bench.itemSeconds} (180 s) each, served as a podcast feed
 * on loopback, imported with the default pacing and pool sizes and the offline engine.
 * Reports the audio-hours processed per wall-clock hour, and the time from upload to
 * published of a normal upload of the same length: first on the idle system, then while
 * the import runs (target: p95 during ≤ 2× idle).
 */
public final class ImportBench {

	private static final int ITEMS = Integer.getInteger("bench.items", 50);

	private static final int ITEM_SECONDS = Integer.getInteger("bench.itemSeconds", 180);

	private static final int IDLE_UPLOADS = Integer.getInteger("bench.idleUploads", 3);

	private static final int BUSY_UPLOADS = Integer.getInteger("bench.uploads", 5);

	private static final long CEILING_MINUTES = Long.getLong("bench.maxMinutes", 90);

	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-bench-import");
		Path recording = recording(dir, ITEM_SECONDS);
		byte[] audio = Files.readAllBytes(recording);
		HttpServer source = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		int port = source.getAddress().getPort();
		String base = "http://127.0.0.1:" + port;
		byte[] feed = feed(base).getBytes(StandardCharsets.UTF_8);
		source.createContext("/", (exchange) -> {
			boolean isFeed = exchange.getRequestURI().getPath().equals("/feed.xml");
			byte[] body = isFeed ? feed : audio;
			exchange.getResponseHeaders().add("Content-Type", isFeed ? "application/rss+xml" : "audio/mp4");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		source.start();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SermonflowApplication.class).run(
				"--server.port=0", "--logging.level.io.sermonflow=WARN",
				"--logging.level.org.springframework.batch=WARN",
				// the archive server is on loopback: allowed exactly, as an admin would
				"--sermonflow.fetch-allowed-sources=127.0.0.1:" + port, "--sermonflow.fetch-ports=80,443," + port,
				"--sermonflow.data-dir=" + dir.resolve("data"))) {
			Sermons sermons = app.getBean(Sermons.class);
			JdbcSermonStore store = app.getBean(JdbcSermonStore.class);
			ArchiveImports imports = app.getBean(ArchiveImports.class);

			// the one-time load of the Bible text runs after start-up: not part of the
			// measure
			org.springframework.jdbc.core.simple.JdbcClient jdbc = app
				.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
			long loaded = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (System.nanoTime() < loaded
					&& jdbc.sql("SELECT count(*) FROM sf_bible_verse").query(Long.class).single() < 30_000) {
				Thread.sleep(1000);
			}
			List<Double> idle = new ArrayList<>();
			for (int i = 0; i < IDLE_UPLOADS; i++) {
				idle.add(uploadToPublished(sermons, store, recording, "idle " + i));
			}
			System.out.printf("idle uploads: %s s%n", idle);

			long started = System.nanoTime();
			long deadline = started + TimeUnit.MINUTES.toNanos(CEILING_MINUTES);
			ArchiveImport.Report report = imports
				.start(new ArchiveImports.Request(base + "/feed.xml", null, null, null, true, null), "bench");
			String id = report.archiveImport().id();
			report = awaitState(imports, id, deadline, ImportState.WAITING_FOR_REVIEW);
			imports.proceed(id, "bench");
			System.out.printf("canary reviewed after %.0f s%n", (System.nanoTime() - started) / 1e9);

			// normal uploads in the middle of the backfill, one after another, each
			// counted only when the import was still running when it was published
			List<Double> busy = new ArrayList<>();
			int skipped = 0;
			for (int i = 0; i < BUSY_UPLOADS && System.nanoTime() < deadline; i++) {
				double seconds = uploadToPublished(sermons, store, recording, "busy " + i);
				ImportState state = imports.report(id).orElseThrow().archiveImport().state();
				if (state == ImportState.RUNNING) {
					busy.add(seconds);
				}
				else {
					skipped++;
				}
			}
			System.out.printf("uploads during the import: %s s (%d ended after it)%n", busy, skipped);

			report = awaitState(imports, id, deadline, ImportState.DONE);
			double wall = (System.nanoTime() - started) / 1e9;
			ArchiveImport.Progress progress = report.progress();
			int done = progress.count(ImportState.Item.DONE);
			double audioHours = progress.doneAudioSeconds() / 3600;

			System.out.println();
			System.out.println("| measure | value | runs | target |");
			System.out.println("|---|---|---|---|");
			System.out.printf(
					"| import of %d items × %d s, offline engine: %s, %d done, %d failed | %.0f s wall | | |%n", ITEMS,
					ITEM_SECONDS, report.archiveImport().state(), done, progress.count(ImportState.Item.FAILED), wall);
			System.out.printf(
					"| audio processed per wall-clock hour (submit → last item done) | %.2f audio-h/h | | |%n",
					audioHours / (wall / 3600));
			System.out.printf("| the import page's own measured pace | %s audio-h/h | | |%n",
					(progress.audioHoursPerHour() != null) ? String.format("%.2f", progress.audioHoursPerHour())
							: "n/a");
			System.out.printf(
					"| upload → published, %d-s recording, idle system | median %.1f s, p95 %.1f s | %s | |%n",
					ITEM_SECONDS, Stats.median(idle), Stats.percentile(idle, 95), idle);
			if (busy.isEmpty()) {
				System.out.println("| upload → published during the import | no upload ended while it ran | | |");
			}
			else {
				System.out.printf(
						"| upload → published, same recording, during the import | median %.1f s, p95 %.1f s | %s | |%n",
						Stats.median(busy), Stats.percentile(busy, 95), busy);
				System.out.printf("| ratio p95 during the import ÷ p95 idle | %.2f | | ≤ 2 |%n",
						Stats.percentile(busy, 95) / Stats.percentile(idle, 95));
			}
		}
		finally {
			source.stop(0);
		}
	}

	/** Uploads the recording and waits until the sermon is no longer processing. */
	private static double uploadToPublished(Sermons sermons, JdbcSermonStore store, Path recording, String title)
			throws Exception {
		long start = System.nanoTime();
		String sermonId;
		try (InputStream in = Files.newInputStream(recording)) {
			sermonId = sermons
				.upload(new SermonDetails("Bench " + title, "Bench Preacher", LocalDate.now(), null, "en", null), in,
						"upload.m4a")
				.sermonId();
		}
		long deadline = start + TimeUnit.MINUTES.toNanos(30);
		Sermon sermon = store.find(sermonId).orElseThrow();
		// fully published: the audio goes public first, the transcript and search follow
		while ((sermon.status() == Sermon.Status.PROCESSING
				|| sermon.transcriptState() == Sermon.TranscriptState.PROCESSING) && System.nanoTime() < deadline) {
			Thread.sleep(250);
			sermon = store.find(sermonId).orElseThrow();
		}
		if (sermon.status() != Sermon.Status.PUBLISHED) {
			throw new IllegalStateException("Upload " + title + " ended " + sermon.status() + ": " + sermon.error());
		}
		return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
	}

	private static ArchiveImport.Report awaitState(ArchiveImports imports, String id, long deadline, ImportState wanted)
			throws InterruptedException {
		while (true) {
			ArchiveImport.Report report = imports.report(id).orElseThrow();
			ImportState state = report.archiveImport().state();
			if (state == wanted) {
				return report;
			}
			if (state.isTerminal() || System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Import " + id + " is " + state + ", not " + wanted + " (" + report.progress().counts() + ")");
			}
			Thread.sleep(1000);
		}
	}

	private static String feed(String base) {
		StringBuilder items = new StringBuilder();
		String duration = String.format("%02d:%02d", ITEM_SECONDS / 60, ITEM_SECONDS % 60);
		for (int i = 1; i <= ITEMS; i++) {
			items.append("""
					<item><title>Archive sermon %d</title><guid isPermaLink="false">bench-%d-%d</guid>
					<pubDate>%s</pubDate><itunes:author>Ann Archive</itunes:author>
					<itunes:duration>%s</itunes:duration>
					<enclosure url="%s/audio/%d.m4a" type="audio/mp4" length="1000"/></item>
					""".formatted(i, System.currentTimeMillis(), i,
					java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
						.format(java.time.ZonedDateTime.of(2020, 1, 5, 10, 0, 0, 0, java.time.ZoneOffset.UTC)
							.plusWeeks(ITEMS - i)),
					duration, base, i));
		}
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
				<channel><title>Bench Archive</title>%s</channel></rss>""".formatted(items);
	}

	/** Rounds of the test sentences, spoken, until {@code seconds} long. */
	private static Path recording(Path dir, int seconds) {
		Path round = dir.resolve("round.m4a");
		Speech.record(dir, round, 1);
		double length = TestAudio.duration(round.toString());
		int copies = (int) Math.ceil(seconds / length);
		return TestAudio.ffmpeg("-stream_loop", String.valueOf(copies - 1), "-i", round.toString(), "-t",
				String.valueOf(seconds), "-c:a", "aac", "-b:a", "96k", "-y", dir.resolve("item.m4a").toString());
	}

}
