package io.sermonflow.sermons;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.sermonflow.media.Speech;
import io.sermonflow.scripture.VerseIndex;
import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Scripture references found in a sermon transcribed by Deepgram (a loopback stub
 * replaying a documented response that cites Romans 8:28 as written and Matthew 13:31-32
 * as spoken, and says "John three said", which is no reference): each at its moment,
 * filtered on, decided on by staff, and named in the feed.
 */
@SermonflowTest
class ScriptureTest {

	static HttpServer deepgram;

	/** What the stub answers: a documented response, or one a test wrote. */
	static volatile byte[] answer;

	@Autowired
	VerseIndex verses;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) throws IOException {
		answer = documented();
		deepgram = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		deepgram.createContext("/v1/listen", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] transcript = answer;
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, transcript.length);
			exchange.getResponseBody().write(transcript);
			exchange.close();
		});
		deepgram.start();
		registry.add("sermonflow.deepgram.api-key", () -> "dg-test-key");
		registry.add("sermonflow.deepgram.url", () -> "http://127.0.0.1:" + deepgram.getAddress().getPort());
	}

	@AfterAll
	static void stopDeepgram() {
		deepgram.stop(0);
	}

	static byte[] documented() throws IOException {
		return ScriptureTest.class.getResourceAsStream("/deepgram/listen-scripture.json").readAllBytes();
	}

	/**
	 * A Deepgram answer in its documented shape (an utterance per sentence, words with
	 * times): each word 0.3 s after the one before, a pause of 0.5 s between sentences.
	 */
	static byte[] deepgramAnswer(String... sentences) {
		StringBuilder utterances = new StringBuilder();
		StringBuilder all = new StringBuilder();
		double at = 0.5;
		for (String sentence : sentences) {
			StringBuilder words = new StringBuilder();
			double start = at;
			for (String word : sentence.split(" ")) {
				String bare = word.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9:']", "");
				words.append((words.length() > 0) ? "," : "")
					.append(String.format(java.util.Locale.ROOT,
							"{\"word\":\"%s\",\"start\":%.2f,\"end\":%.2f,\"confidence\":0.97,\"punctuated_word\":\"%s\"}",
							bare, at, at + 0.28, word));
				at += 0.3;
			}
			utterances.append((utterances.length() > 0) ? "," : "")
				.append(String.format(java.util.Locale.ROOT,
						"{\"start\":%.2f,\"end\":%.2f,\"confidence\":0.97,\"channel\":0,\"transcript\":\"%s\",\"words\":[%s]}",
						start, at, sentence, words));
			all.append((all.length() > 0) ? " " : "").append(sentence);
			at += 0.5;
		}
		return ("{\"metadata\":{\"request_id\":\"5c2a7f10-0000-4000-8000-00000000abce\",\"duration\":" + at
				+ ",\"channels\":1,\"models\":[\"nova-2\"]},\"results\":{\"channels\":[{\"alternatives\":[{\"transcript\":\""
				+ all + "\",\"confidence\":0.97,\"words\":[]}]}],\"utterances\":[" + utterances + "]}}")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	@Test
	void a_passage_read_out_without_its_name_is_found_as_quoted_beside_the_one_cited() throws Exception {
		// every verse embedded once, after the text is loaded: on a new machine, the
		// first
		// start of the suite builds it
		await().atMost(Duration.ofMinutes(10)).until(this.verses::ready);
		Api admin = Api.admin(this.port);
		answer = deepgramAnswer("Welcome to our Sunday service.", "Turn with me to Romans 8:28.",
				"Jesus told them a story.",
				"He set another parable before them, saying, The Kingdom of Heaven is like a grain of mustard seed"
						+ " which a man took, and sowed in his field.",
				"God loves the world so much and he gives us good things.");
		try {
			String id = publish(admin, "The mustard seed", "en");
			JsonNode scripture = admin.get("/api/sermons/" + id).json().get("scripture");
			assertThat(scripture.findValuesAsString("osis")).as(scripture.toString())
				.containsExactly("Rom.8.28", "Matt.13.31");
			assertThat(scripture.findValuesAsString("kind")).containsExactly("cited", "quoted");
			// "Romans" is the 5th word of the 2nd sentence; "set" the 2nd of the 4th
			assertThat(scripture.get(0).get("at").asDouble()).isCloseTo(3.7, within(3.0));
			assertThat(scripture.get(1).get("at").asDouble()).isCloseTo(7.1, within(3.0));
			String page = Api.anonymous(this.port).get("/sermons/" + id).body();
			assertThat(page).contains("Matthew 13:31");
		}
		finally {
			answer = documented();
		}
	}

	@Test
	void a_sermon_gets_the_passages_it_cites_at_their_moments_and_staff_decide_on_them() throws Exception {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		String id = publish(admin, "The good purpose", "en");

		JsonNode sermon = admin.get("/api/sermons/" + id).json();
		JsonNode scripture = sermon.get("scripture");
		assertThat(scripture.findValuesAsString("osis")).containsExactly("Rom.8.28", "Matt.13.31-Matt.13.32");
		assertThat(scripture.get(0).get("at").asDouble()).isCloseTo(4.0, within(3.0));
		assertThat(scripture.get(1).get("at").asDouble()).isCloseTo(7.0, within(3.0));
		assertThat(scripture.get(1).get("display").asString()).isEqualTo("Matthew 13:31–32");
		assertThat(scripture.findValuesAsString("kind")).containsOnly("cited");
		assertThat(sermon.get("scriptureNote").isNull()).isTrue();

		// filters: by chapter, by a verse inside a range; another passage finds nothing
		await().atMost(Duration.ofSeconds(60))
			.until(() -> listener.get("/api/search?q=mustard+seed&passage=Rom.8&k=50").body().contains(id));
		assertThat(listener.get("/api/search?q=mustard+seed&passage=Matt.13.32&k=50").body()).contains(id);
		assertThat(listener.get("/api/search?q=mustard+seed&passage=John.3").body()).doesNotContain(id);
		Api.Reply badPassage = listener.get("/api/search?q=mustard&passage=Hez.3");
		assertThat(badPassage.status()).isEqualTo(400);
		assertThat(badPassage.json().get("detail").asString()).contains("Parameter \"passage\"");
		assertThat(listener.get("/sermons?passage=Rom.8").body()).contains("The good purpose");
		assertThat(listener.get("/sermons?passage=Gen.1").body()).doesNotContain("The good purpose");
		assertThat(listener.get("/sermons/" + id).body()).contains("class=\"text\">Romans 8:28</span>")
			.contains("id=\"passages\"");
		// with the verse's text from the World English Bible, loaded once after start-up
		await().atMost(Duration.ofSeconds(180))
			.until(() -> listener.get("/sermons/" + id)
				.body()
				.contains("We know that all things work together for good for those who love God"));
		// a page per book: the sermon with its passages of that book, each playing from
		// its
		// moment
		assertThat(listener.get("/scripture").body()).contains("href=\"/scripture/Rom\"").contains("Romans");
		String bookPage = listener.get("/scripture/Rom").body();
		assertThat(bookPage).contains("The good purpose").contains(">Romans 8:28</a>").doesNotContain("Matthew 13");
		assertThat(listener.get("/scripture/Matt").body()).contains("The good purpose").contains("Matthew 13:31–32");
		assertThat(listener.get("/scripture/Hez").status()).isEqualTo(404);

		// staff: a wrong reference is named; one added; one removed stays removed after
		// the transcript is searched again
		String path = "/api/sermons/" + id + "/scripture";
		Map.of("Hezekiah 3:1", "\"Hezekiah 3:1\" names no book", "John 99:1", "John has 21 chapters, not 99")
			.forEach((reference, named) -> {
				Api.Reply refused = admin.post(path, "{\"reference\":\"" + reference + "\",\"at\":1}");
				assertThat(refused.status()).as(reference).isEqualTo(400);
				assertThat(refused.json().get("detail").asString()).as(reference).contains(named);
			});
		Api.Reply added = admin.post(path, "{\"reference\":\"John 3:16\",\"at\":14}");
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().get("confirmed").asBoolean()).isTrue();
		String romans = scripture.get(0).get("id").asString();
		assertThat(admin.delete(path + "/" + romans).status()).isEqualTo(204);
		JsonNode version = admin.get("/api/sermons/" + id + "/transcript").json();
		assertThat(admin
			.patch("/api/sermons/" + id + "/transcript",
					"{\"version\":" + version.get("version").asInt()
							+ ",\"segments\":[{\"index\":0,\"text\":\"Welcome, everyone, to our Sunday service.\"}]}")
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(90)).until(() -> refreshedAfterEdit(admin, id));
		JsonNode decided = admin.get(path).json().get("scripture");
		assertThat(decided.findValuesAsString("osis")).containsExactly("Rom.8.28", "Matt.13.31-Matt.13.32",
				"John.3.16");
		assertThat(decided.get(0).get("status").asString()).isEqualTo("removed");
		// the page's scripture list (not the transcript, which still says it)
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !listener.get("/sermons/" + id).body().contains("class=\"text\">Romans 8:28</span>"));
		assertThat(listener.get("/sermons?passage=Rom.8").body()).doesNotContain("The good purpose");

		// the feed names the main passage: the earliest of the most cited chapters
		await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.get("/feeds/podcast.xml").body().contains("On Matthew 13:31–32"));
	}

	@Test
	void a_sermon_in_another_language_gets_no_guesses_and_says_why() throws Exception {
		Api admin = Api.admin(this.port);
		String id = publish(admin, "Gnade um Gnade", "de");
		JsonNode scripture = admin.get("/api/sermons/" + id + "/scripture").json();
		assertThat(scripture.get("scripture")).isEmpty();
		assertThat(scripture.get("note").asString()).contains("\"de\"").contains("English only");
	}

	/** Whether the sermon's latest refresh searched its transcript again. */
	private static boolean refreshedAfterEdit(Api admin, String id) {
		for (JsonNode summary : admin.get("/api/runs?dag=sermon-refresh&limit=50").json()) {
			JsonNode run = admin.get("/api/runs/" + summary.get("runId").asString()).json();
			JsonNode event = admin.get("/api/events/" + run.get("eventId").asString()).json();
			if (id.equals(event.get("data").get("sermonId").asString())) {
				return "SUCCEEDED".equals(run.get("status").asString());
			}
		}
		return false;
	}

	private static String publish(Api admin, String title, String language) throws Exception {
		Path dir = Files.createTempDirectory("sermonflow-scripture");
		Path recording = dir.resolve("spoken.m4a");
		Speech.record(dir, recording, 1);
		String id = admin
			.upload("/api/sermons",
					Map.of("title", title, "preacher", "Ann Example", "preachedOn", "2026-11-22", "language", language),
					recording)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(3)).until(() -> Api.isFullyPublished(admin.get("/api/sermons/" + id).json()));
		return id;
	}

}
