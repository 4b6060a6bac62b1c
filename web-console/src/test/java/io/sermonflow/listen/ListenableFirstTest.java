package io.sermonflow.listen;

import java.nio.file.Path;
import java.time.Duration;

import io.sermonflow.support.Api;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listenable first, as listeners see it: a sermon whose audio is public while its
 * transcript is still being made plays, says the transcript is coming, and (with
 * {@code SERMONFLOW_PODCAST_WAIT_FOR_TRANSCRIPT}) joins the feed once it is done.
 */
@SermonflowTest
@TestPropertySource(properties = "sermonflow.podcast.wait-for-transcript=true")
class ListenableFirstTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@Test
	void a_sermon_whose_transcript_is_on_its_way_plays_says_so_and_joins_the_feed_once_it_is_done() {
		String id = Listening.toneSermon(this.port, this.dir, "Heard first");
		Api listener = Api.anonymous(this.port);
		assertThat(listener.get("/feeds/podcast.xml").body()).contains(id);
		// as between its transcode and its transcript: the audio public, the rest on its
		// way
		transcriptState(id, "PROCESSING");
		assertThat(Api.admin(this.port).get("/api/sermons/" + id).json().get("transcriptState").asString())
			.isEqualTo("PROCESSING");
		String page = listener.get("/sermons/" + id).body();
		assertThat(page).contains("id=\"transcript-coming\"").contains("ready to hear now");
		assertThat(listener.get("/listen/" + id + "/audio").status()).isEqualTo(200);
		assertThat(listener.get("/feeds/podcast.xml").body()).doesNotContain(id);

		transcriptState(id, "READY");
		// the page's cache of published sermons hears of the change through the database
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !listener.get("/sermons/" + id).body().contains("transcript-coming"));
		assertThat(listener.get("/feeds/podcast.xml").body()).contains(id);
	}

	private void transcriptState(String id, String state) {
		this.jdbc.sql("UPDATE sf_sermon SET transcript_state = ?, updated_at = now() WHERE sermon_id = ?")
			.params(state, id)
			.update();
	}

}
