package io.sermonflow.sermons;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import io.sermonflow.support.SpokenSermons;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A staff correction to one segment of a real transcript, and the refresh run that
 * re-derives only what depends on it: search, captions and index entries change; the
 * audio does not; chunks whose text did not change keep their vectors.
 */
@SermonflowTest
class TranscriptEditTest {

	static final String NEW_WORD = "zanzibarquux";

	@LocalServerPort
	int port;

	@Test
	void an_edited_segment_is_searchable_and_in_the_captions_after_a_refresh_that_reembeds_only_what_changed()
			throws Exception {
		Api admin = Api.admin(this.port);
		String id = longSpokenSermon(admin);
		String master = etag("/listen/" + id + "/master.m3u8");
		String audio = etag("/listen/" + id + "/audio");
		JsonNode transcript = admin.get("/api/sermons/" + id + "/transcript").json();
		int version = transcript.get("version").asInt();
		JsonNode first = transcript.get("segments").get(0);
		String edited = first.get("text").asString() + " " + NEW_WORD;

		Api.Reply reply = admin.patch("/api/sermons/" + id + "/transcript",
				"{\"version\":" + version + ",\"segments\":[{\"index\":0,\"text\":\"" + edited + "\"}]}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json().get("version").asInt()).isEqualTo(version + 1);

		JsonNode run = await().atMost(Duration.ofSeconds(90))
			.until(() -> refreshOf(admin, id, version + 1),
					(found) -> found != null && "SUCCEEDED".equals(found.get("status").asString()));
		JsonNode rechunk = Api.task(run, "rechunk").get("output");
		assertThat(rechunk.get("chunks").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(rechunk.get("reembedded").asInt()).isBetween(1, rechunk.get("chunks").asInt() - 1);

		JsonNode hits = Api.anonymous(this.port).get("/api/search?q=" + NEW_WORD + "&k=3").json();
		assertThat(hits.findValuesAsString("sermonId")).contains(id);
		assertThat(hits.get(0).get("start").asDouble()).isLessThanOrEqualTo(first.get("start").asDouble());
		// captions are cached until the sermon changes, which listeners see within
		// seconds
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port).get("/listen/" + id + "/captions.vtt").body().contains(NEW_WORD));
		assertThat(admin.get("/api/sermons/" + id + "/transcript").json().get("segments").get(0).get("text").asString())
			.isEqualTo(edited);
		// the JSON transcript the feed links (podcast:transcript) carries the word too
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port).get("/listen/" + id + "/transcript.json").body().contains(NEW_WORD));
		assertThat(Api.anonymous(this.port).get("/feeds/podcast.xml").body())
			.contains("/listen/" + id + "/transcript.json");
		// the audio is as it was: same files, same validators
		assertThat(etag("/listen/" + id + "/master.m3u8")).isEqualTo(master);
		assertThat(etag("/listen/" + id + "/audio")).isEqualTo(audio);
		JsonNode history = admin.get("/api/sermons/" + id + "/transcript/edits").json();
		assertThat(history.get(0).get("version").asInt()).isEqualTo(version + 1);
		assertThat(history.get(0).get("editedBy").asString()).isEqualTo("admin");
		assertThat(history.get(0).get("changes").get(0).get("after").get("text").asString()).isEqualTo(edited);
	}

	@Test
	void a_stale_edit_is_a_409_naming_the_current_version_and_bad_segments_are_400s_naming_them() throws Exception {
		Api admin = Api.admin(this.port);
		String id = longSpokenSermon(admin);
		JsonNode transcript = admin.get("/api/sermons/" + id + "/transcript").json();
		int version = transcript.get("version").asInt();
		String path = "/api/sermons/" + id + "/transcript";
		assertThat(admin
			.patch(path, "{\"version\":" + version + ",\"segments\":[{\"index\":1,\"text\":\"Welcome all.\"}]}")
			.status()).isEqualTo(200);

		Api.Reply stale = admin.patch(path,
				"{\"version\":" + version + ",\"segments\":[{\"index\":1,\"text\":\"Welcome, friends.\"}]}");
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.contentType()).startsWith("application/problem+json");
		assertThat(stale.json().get("currentVersion").asInt()).isEqualTo(version + 1);
		assertThat(stale.json().get("detail").asString()).contains("version " + (version + 1));

		double previousEnd = transcript.get("segments").get(1).get("end").asDouble();
		Map<String, String> bad = Map.of("{\"index\":2,\"start\":" + (previousEnd - 1) + "}", "Segment 2 starts at",
				"{\"index\":2,\"end\":100000}", "past the end of the audio", "{\"index\":99999,\"text\":\"x\"}",
				"segments[0].index", "{\"index\":2,\"text\":\"\"}", "segments[0].text",
				"{\"index\":2,\"text\":\"bell \\u0007\"}", "U+0007");
		bad.forEach((segment, named) -> {
			Api.Reply refused = admin.patch(path, "{\"version\":" + (version + 1) + ",\"segments\":[" + segment + "]}");
			assertThat(refused.status()).as(segment).isEqualTo(400);
			assertThat(refused.json().get("detail").asString()).as(segment).contains(named);
		});
		assertThat(admin.get(path).json().get("version").asInt()).as("nothing was saved").isEqualTo(version + 1);
	}

	@Test
	void a_line_split_and_merged_again_reads_as_before_and_a_speaker_label_reaches_the_transcript_files()
			throws Exception {
		Api admin = Api.admin(this.port);
		String id = longSpokenSermon(admin);
		String path = "/api/sermons/" + id + "/transcript";
		JsonNode transcript = admin.get(path).json();
		int version = transcript.get("version").asInt();
		int lines = transcript.get("segments").size();
		// a line of several words near the end, away from the lines the other tests edit
		int index = lines - 1;
		while (transcript.get("segments").get(index).get("text").asString().split(" ").length < 3) {
			index--;
		}
		assertThat(index).isGreaterThan(3);
		String text = transcript.get("segments").get(index).get("text").asString();
		String[] words = text.split(" ");

		Api.Reply split = admin.post(path + "/split",
				"{\"version\":" + version + ",\"index\":" + index + ",\"word\":1}");
		assertThat(split.status()).as(split.body()).isEqualTo(200);
		JsonNode after = admin.get(path).json();
		assertThat(after.get("version").asInt()).isEqualTo(version + 1);
		assertThat(after.get("segments")).hasSize(lines + 1);
		JsonNode first = after.get("segments").get(index);
		JsonNode second = after.get("segments").get(index + 1);
		assertThat(first.get("text").asString()).isEqualTo(words[0]);
		assertThat(second.get("text").asString()).isEqualTo(text.substring(words[0].length() + 1));
		assertThat(first.get("end").asDouble()).isLessThanOrEqualTo(second.get("start").asDouble());

		Api.Reply merge = admin.post(path + "/merge", "{\"version\":" + (version + 1) + ",\"index\":" + index + "}");
		assertThat(merge.status()).as(merge.body()).isEqualTo(200);
		JsonNode merged = admin.get(path).json();
		assertThat(merged.get("segments")).hasSize(lines);
		assertThat(merged.get("segments").get(index).get("text").asString()).isEqualTo(text);

		Api.Reply speaker = admin.patch(path, "{\"version\":" + (version + 2) + ",\"segments\":[{\"index\":" + index
				+ ",\"speaker\":\"Pastor Ann\"}]}");
		assertThat(speaker.status()).as(speaker.body()).isEqualTo(200);
		assertThat(admin.get(path).json().get("segments").get(index).get("speaker").asString()).isEqualTo("Pastor Ann");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port)
				.get("/listen/" + id + "/transcript.json")
				.body()
				.contains("\"speaker\":\"Pastor Ann\""));
		// each file is rendered again once the sermon's change is seen, within seconds
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port)
				.get("/listen/" + id + "/captions.vtt")
				.body()
				.contains("<v Pastor Ann>"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Api.anonymous(this.port)
				.get("/listen/" + id + "/transcript.txt")
				.body()
				.contains("Pastor Ann: " + text));

		// bad input: named, and nothing saved
		int current = version + 3;
		assertThat(admin.post(path + "/split", "{\"version\":" + current + ",\"index\":" + index + ",\"word\":0}")
			.json()
			.get("detail")
			.asString()).contains("Field \"word\"");
		Api.Reply last = admin.post(path + "/merge", "{\"version\":" + current + ",\"index\":" + (lines - 1) + "}");
		assertThat(last.status()).isEqualTo(400);
		assertThat(last.json().get("detail").asString()).contains("last line");
		Api.Reply stale = admin.post(path + "/merge", "{\"version\":" + version + ",\"index\":" + index + "}");
		assertThat(stale.status()).isEqualTo(409);
		assertThat(admin.get(path).json().get("version").asInt()).isEqualTo(current);
		JsonNode history = admin.get(path + "/edits").json();
		assertThat(history.findValuesAsString("op")).contains("split", "merge");
	}

	/** The refresh run started by the edit that made {@code version}. */
	private static JsonNode refreshOf(Api api, String sermonId, int version) {
		for (JsonNode summary : api.get("/api/runs?dag=sermon-refresh&limit=50").json()) {
			JsonNode run = api.get("/api/runs/" + summary.get("runId").asString()).json();
			JsonNode event = api.get("/api/events/" + run.get("eventId").asString()).json();
			if (sermonId.equals(event.get("data").get("sermonId").asString())
					&& event.get("data").get("version").asInt() == version) {
				return run;
			}
		}
		return null;
	}

	private String etag(String path) throws Exception {
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("ETag").orElseThrow();
	}

	private static String sermon;

	/**
	 * Four rounds of the spoken sentences, about 90 s: several chunks. Made once; the
	 * tests edit different segments of it.
	 */
	private static synchronized String longSpokenSermon(Api admin) throws Exception {
		if (sermon == null) {
			sermon = SpokenSermons.publish(admin, 4, "Grace upon grace", null);
		}
		return sermon;
	}

}
