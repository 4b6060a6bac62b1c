package io.sermonflow.imports;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A church's podcast feed, served on loopback, imported through the real pipeline: 12
 * items, two with their own transcript, one with a broken enclosure, one repeating an
 * earlier guid.
 */
@SermonflowTest
class ArchiveImportTest {

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	private Api api;

	private HttpServer source;

	private String base;

	/** Whether the flaky enclosure answers yet. */
	private final java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();

	@BeforeEach
	void serveFeed() throws Exception {
		this.api = Api.admin(this.port);
		this.source = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		// "sermons.test" resolves to loopback in the tests' URL guard
		this.base = "http://sermons.test:" + this.source.getAddress().getPort();
		byte[] audio = Files.readAllBytes(TestAudio.tone(this.dir.resolve("sermon.mp3"), 3, 330));
		serve("/audio/", "audio/mpeg", audio, true);
		serve("/t/vtt", "text/vtt", """
				WEBVTT

				00:00:00.000 --> 00:00:01.500
				<v Pastor Ann>Grace and peace from the archive

				00:00:01.500 --> 00:00:03.000
				turn with me to Romans
				""".getBytes(StandardCharsets.UTF_8), false);
		serve("/t/json", "application/json", """
				{"version":"1.0.0","segments":[{"speaker":"Ann","startTime":0.0,"endTime":2.5,
				 "body":"Let us pray for the harvest"}]}""".getBytes(StandardCharsets.UTF_8), false);
		serve("/feed.xml", "application/rss+xml", feed(12).getBytes(StandardCharsets.UTF_8), false);
		serve("/retry-feed.xml", "application/rss+xml",
				feed(1).replace("sermon-1.mp3", "flaky.mp3").getBytes(StandardCharsets.UTF_8), false);
		serve("/not-a-feed", "text/html", "<html><body>Hello</body></html>".getBytes(StandardCharsets.UTF_8), false);
		this.source.start();
	}

	private void serve(String path, String type, byte[] body, boolean prefix) {
		this.source.createContext(path, (exchange) -> {
			String requested = exchange.getRequestURI().getPath();
			if (requested.contains("missing") || (requested.contains("flaky") && !this.healed.get())) {
				exchange.sendResponseHeaders(404, -1);
				exchange.close();
				return;
			}
			exchange.getResponseHeaders().add("Content-Type", type);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
	}

	@AfterEach
	void stop() {
		this.source.stop(0);
	}

	/**
	 * Items 1 to {@code count}, newest first; item 5 brings a VTT transcript, item 6 a
	 * JSON one, item 8's enclosure is missing, item 10 repeats item 9's guid.
	 */
	private String feed(int count) {
		String run = Long.toHexString(System.nanoTime());
		StringBuilder items = new StringBuilder();
		for (int i = 1; i <= count; i++) {
			String guid = run + "-" + ((i == 10) ? 9 : i);
			String enclosure = this.base + "/audio/" + ((i == 8) ? "missing" : "sermon-" + i) + ".mp3";
			String transcript = switch (i) {
				case 5 -> "<podcast:transcript url=\"" + this.base + "/t/vtt\" type=\"text/vtt\"/>";
				case 6 -> "<podcast:transcript url=\"" + this.base + "/t/json\" type=\"application/json\"/>";
				default -> "";
			};
			items.append("""
					<item><title>Archive sermon %d</title><guid isPermaLink="false">%s</guid>
					<pubDate>Sun, %02d Oct 2023 10:00:00 GMT</pubDate>
					<description><![CDATA[<p>From the archive, <b>part</b> %d &amp; more</p>]]></description>
					<itunes:author>Ann Archive</itunes:author><itunes:duration>00:03</itunes:duration>
					<enclosure url="%s" type="audio/mpeg" length="1000"/>%s</item>
					""".formatted(i, guid, 28 - i, i, enclosure, transcript));
		}
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
				     xmlns:podcast="https://podcastindex.org/namespace/1.0">
				<channel><title>Grace Archive %s</title>%s</channel></rss>""".formatted(run, items);
	}

	@Test
	void an_archive_runs_its_canary_waits_for_review_and_imports_the_rest_once() {
		Api.Reply dry = this.api.post("/api/imports?dryRun=true", "{\"feedUrl\":\"" + this.base + "/feed.xml\"}");
		assertThat(dry.status()).as(dry.body()).isEqualTo(200);
		assertThat(dry.json().get("found").asInt()).isEqualTo(12);
		assertThat(dry.json().get("new").asInt()).isEqualTo(11);
		assertThat(dry.json().get("reuseTranscripts").asInt()).isEqualTo(2);
		assertThat(this.api.get("/api/imports").json().get("imports").toString()).doesNotContain("/feed.xml");

		Api.Reply created = this.api.post("/api/imports",
				"{\"feedUrl\":\"" + this.base + "/feed.xml\",\"seriesFromFeed\":true}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("importId").asString();
		assertThat(created.json().get("counts").get("found").asInt()).isEqualTo(12);
		assertThat(created.json().get("counts").get("skipped").asInt()).isEqualTo(1);
		assertThat(item(created.json(), 10).get("reason").asString()).contains("item 9");

		JsonNode waiting = awaitState(id, "WAITING_FOR_REVIEW");
		assertThat(waiting.get("counts").get("done").asInt()).isEqualTo(3);
		assertThat(waiting.get("counts").get("pending").asInt()).isEqualTo(8);
		assertThat(this.api.post("/api/imports/" + id + "/pause", "{}").status()).isEqualTo(409);

		assertThat(this.api.post("/api/imports/" + id + "/continue", "{}").status()).isEqualTo(200);
		JsonNode done = awaitState(id, "DONE");
		assertThat(done.get("counts").get("done").asInt()).isEqualTo(10);
		assertThat(done.get("counts").get("failed").asInt()).isEqualTo(1);
		assertThat(item(done, 8).get("state").asString()).isEqualTo("FAILED");
		assertThat(item(done, 8).get("reason").asString()).contains("404");
		assertThat(done.get("audioHoursPerHour").isNumber()).isTrue();

		JsonNode vtt = this.api.get("/api/sermons/" + item(done, 5).get("sermonId").asString() + "/transcript").json();
		assertThat(vtt.get("engine").asString()).isEqualTo("podcast:transcript");
		assertThat(vtt.toString()).contains("Grace and peace from the archive").contains("Pastor Ann");
		JsonNode json = this.api.get("/api/sermons/" + item(done, 6).get("sermonId").asString() + "/transcript").json();
		assertThat(json.toString()).contains("Let us pray for the harvest");
		JsonNode sermon = this.api.get("/api/sermons/" + item(done, 1).get("sermonId").asString()).json();
		assertThat(sermon.get("preacher").asString()).isEqualTo("Ann Archive");
		assertThat(sermon.get("series").asString()).startsWith("Grace Archive");
		assertThat(sermon.get("preachedOn").asString()).isEqualTo("2023-10-27");
		// the feed's HTML description, as text listeners read on the page and in our feed
		assertThat(sermon.get("description").asString()).isEqualTo("From the archive, part 1 & more");
		String sermonId = sermon.get("id").asString();
		assertThat(Api.anonymous(this.port).get("/sermons/" + sermonId).body())
			.contains("From the archive, part 1 &amp; more");
		assertThat(Api.anonymous(this.port).get("/feeds/podcast.xml").body())
			.contains("<description>From the archive, part 1 &amp; more\n\nAnn Archive, 2023-10-27");
		Api.Reply described = this.api.patch("/api/sermons/" + sermonId, "{\"description\":\"Notes: Psalm 23\"}");
		assertThat(described.json().get("description").asString()).as(described.body()).isEqualTo("Notes: Psalm 23");
		assertThat(this.api.patch("/api/sermons/" + sermonId, "{\"description\":\"x\\u0001\"}").status())
			.isEqualTo(400);

		// staff see it in the console: the items, their outcomes, the retry of the failed
		// one
		ConsoleSession console = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD);
		String page = console.get("/console/imports/" + id).body();
		assertThat(page).contains("Archive sermon 5").contains("own transcript").contains("404").contains("Retry");
		assertThat(console.get("/console/imports").body()).contains("Grace Archive");

		// the same feed again: nothing new
		Api.Reply again = this.api.post("/api/imports", "{\"feedUrl\":\"" + this.base + "/feed.xml\"}");
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().get("counts").get("skipped").asInt()).isEqualTo(12);
		assertThat(again.json().get("state").asString()).isEqualTo("DONE");
	}

	@Test
	void a_failed_item_is_retried_on_its_own() {
		Api.Reply created = this.api.post("/api/imports", "{\"feedUrl\":\"" + this.base + "/retry-feed.xml\"}");
		String id = created.json().get("importId").asString();
		JsonNode failed = awaitState(id, "DONE");
		assertThat(item(failed, 1).get("state").asString()).isEqualTo("FAILED");
		assertThat(item(failed, 1).get("reason").asString()).contains("404");
		this.healed.set(true);
		Api.Reply retried = this.api.post("/api/imports/" + id + "/items/1/retry", "{}");
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(240))
			.until(() -> item(this.api.get("/api/imports/" + id).json(), 1).get("state").asString().equals("DONE"));
		assertThat(this.api.post("/api/imports/" + id + "/items/1/retry", "{}").status()).isEqualTo(409);
		assertThat(this.api.get("/api/imports/" + id).json().get("state").asString()).isEqualTo("DONE");
	}

	@Test
	void bad_feeds_get_a_clear_answer() {
		Api.Reply refused = this.api.post("/api/imports", "{\"feedUrl\":\"http://metadata.test/feed.xml\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("feedUrl");
		assertThat(this.api.post("/api/imports", "{}").json().get("detail").asString()).contains("feedUrl");
		assertThat(
				this.api.post("/api/imports", "{\"feedUrl\":\"" + this.base + "/feed.xml\",\"limit\":\"x\"}").status())
			.isEqualTo(400);
		Api.Reply html = this.api.post("/api/imports", "{\"feedUrl\":\"" + this.base + "/not-a-feed\"}");
		assertThat(html.status()).isEqualTo(201);
		assertThat(html.json().get("state").asString()).isEqualTo("FAILED");
		assertThat(html.json().get("error").asString()).contains("not an RSS feed");
		Api.Reply dryHtml = this.api.post("/api/imports?dryRun=true", "{\"feedUrl\":\"" + this.base + "/not-a-feed\"}");
		assertThat(dryHtml.status()).isEqualTo(400);
		assertThat(this.api.get("/api/imports/nope").status()).isEqualTo(404);
		assertThat(Api.anonymous(this.port).post("/api/imports", "{}").status()).isEqualTo(401);
	}

	private JsonNode awaitState(String id, String state) {
		List<String> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(240)).until(() -> {
			JsonNode view = this.api.get("/api/imports/" + id).json();
			seen.add(view.get("state").asString());
			return view.get("state").asString().equals(state);
		});
		return this.api.get("/api/imports/" + id).json();
	}

	private static JsonNode item(JsonNode view, int n) {
		for (JsonNode item : view.get("items")) {
			if (item.get("n").asInt() == n) {
				return item;
			}
		}
		throw new AssertionError("no item " + n + " in " + view);
	}

}
