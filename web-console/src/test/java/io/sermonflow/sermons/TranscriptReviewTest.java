package io.sermonflow.sermons;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import io.sermonflow.media.Speech;
import io.sermonflow.support.Api;
import io.sermonflow.support.ConsoleSession;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The review gate ({@code SERMONFLOW_TRANSCRIPT_REVIEW=required}): a processed sermon is
 * published with its audio, but nothing of its transcript is public (page, captions,
 * downloads, feed, search) until staff approve it; then all of it is.
 */
@SermonflowTest
@TestPropertySource(properties = "sermonflow.transcript-review=required")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TranscriptReviewTest {

	@LocalServerPort
	int port;

	@Test
	void a_transcript_waiting_for_review_shows_nowhere_public_until_approved() throws Exception {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		Path dir = Files.createTempDirectory("sermonflow-review");
		Path recording = dir.resolve("spoken.m4a");
		Speech.record(dir, recording, 1);
		String id = admin.upload("/api/sermons",
				Map.of("title", "Awaiting review", "preacher", "Ruth Reviewer", "preachedOn", "2026-11-29"), recording)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(3)).until(() -> Api.isFullyPublished(admin.get("/api/sermons/" + id).json()));

		// the audio is public, the transcript is not
		assertThat(listener.get("/listen/" + id + "/audio").status()).isEqualTo(200);
		assertThat(listener.get("/sermons/" + id).body()).contains("Awaiting review")
			.doesNotContainIgnoringCase("mustard");
		assertThat(listener.get("/listen/" + id + "/captions.vtt").status()).isEqualTo(404);
		assertThat(listener.get("/listen/" + id + "/transcript.json").status()).isEqualTo(404);
		assertThat(searchHits(listener)).doesNotContain(id);
		assertThat(feedItem(listener, id)).doesNotContain("podcast:transcript").doesNotContain("podcast:chapters");
		// found chapters are titled from the transcript: they wait for it too
		assertThat(admin.get("/api/sermons/" + id + "/chapters").json().get("source").asString())
			.isEqualTo("generated");
		assertThat(listener.get("/listen/" + id + "/chapters.json").status()).isEqualTo(404);
		JsonNode staffView = admin.get("/api/sermons/" + id + "/transcript").json();
		assertThat(staffView.get("approved").asBoolean()).isFalse();
		assertThat(staffView.get("segments").size()).isPositive();
		assertThat(admin.get("/api/sermons/awaiting-review").json().findValuesAsString("id")).contains(id);

		Api.Reply approved = admin.post("/api/sermons/" + id + "/transcript/approve", "");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(90)).until(() -> searchHits(listener).contains(id));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.get("/listen/" + id + "/captions.vtt").body().toLowerCase().contains("mustard"));
		assertThat(listener.get("/sermons/" + id).body().toLowerCase()).contains("mustard");
		assertThat(feedItem(listener, id)).contains("podcast:transcript").contains("podcast:chapters");
		assertThat(listener.get("/listen/" + id + "/chapters.json").status()).isEqualTo(200);
		assertThat(admin.get("/api/sermons/awaiting-review").json().findValuesAsString("id")).doesNotContain(id);
		assertThat(
				admin.post("/api/sermons/" + id + "/transcript/approve", "").json().get("alreadyApproved").asBoolean())
			.isTrue();

		// the approval adapted Ruth Reviewer's voice, and her next sermon is heard with
		// it (a
		// preacher of her own: no other test hears her voice)
		await().atMost(Duration.ofMinutes(3)).until(() -> taskOf(admin, "sermon-refresh", id, "adapt_voice") != null);
		JsonNode adapt = taskOf(admin, "sermon-refresh", id, "adapt_voice");
		assertThat(adapt.get("output").get("adapted").asBoolean()).as(adapt.toString()).isTrue();
		assertThat(adapt.get("output").get("segments").asInt()).isPositive();
		JsonNode preachers = admin.get("/api/preachers").json();
		for (JsonNode preacher : preachers) {
			assertThat(preacher.path("voiceAdaptedAt").isString()).as(preacher.toString())
				.isEqualTo(preacher.get("name").asString().equals("Ruth Reviewer"));
		}
		// and staff see it in the console's list of preachers
		String page = ConsoleSession.signIn(this.port, "admin", Api.ADMIN_PASSWORD).get("/console/series").body();
		List<String> rows = Pattern.compile("<tr>.*?</tr>", Pattern.DOTALL)
			.matcher(page)
			.results()
			.map(MatchResult::group)
			.filter((row) -> row.contains("/preachers/"))
			.toList();
		assertThat(rows).isNotEmpty();
		for (String row : rows) {
			assertThat(row.contains("voice-adapted")).as(row).isEqualTo(row.contains("value=\"Ruth Reviewer\""));
		}
		Path second = dir.resolve("second.m4a");
		Speech.record(dir, second, 1);
		String next = admin.upload("/api/sermons",
				Map.of("title", "Heard in her voice", "preacher", "Ruth Reviewer", "preachedOn", "2026-12-06"), second)
			.json()
			.get("sermonId")
			.asString();
		await().atMost(Duration.ofMinutes(3))
			.until(() -> Api.isFullyPublished(admin.get("/api/sermons/" + next).json()));
		JsonNode transcribe = taskOf(admin, "sermon-ingest", next, "transcribe");
		assertThat(transcribe.get("output").get("adaptedVoice").asBoolean()).as(transcribe.toString()).isTrue();
	}

	/** The task, once it succeeded, in a run of the DAG for the sermon; else null. */
	private static JsonNode taskOf(Api api, String dag, String sermonId, String taskId) {
		for (JsonNode summary : api.get("/api/runs?dag=" + dag + "&limit=50").json()) {
			JsonNode run = api.get("/api/runs/" + summary.get("runId").asString()).json();
			JsonNode event = api.get("/api/events/" + run.get("eventId").asString()).json();
			if (!sermonId.equals(event.get("data").path("sermonId").asString())) {
				continue;
			}
			for (JsonNode task : run.get("tasks")) {
				if (task.get("id").asString().equals(taskId) && task.get("status").asString().equals("SUCCEEDED")) {
					return task;
				}
			}
		}
		return null;
	}

	private static String searchHits(Api listener) {
		return listener.get("/api/search?q=mustard+seed&k=50").body();
	}

	/** The feed's item for the sermon, as text. */
	private static String feedItem(Api listener, String id) {
		String feed = listener.get("/feeds/podcast.xml").body();
		int guid = feed.indexOf("sermonflow:" + id);
		assertThat(guid).as("the sermon is in the feed").isPositive();
		int start = feed.lastIndexOf("<item>", guid);
		int end = feed.indexOf("</item>", guid);
		return feed.substring(start, end);
	}

}
