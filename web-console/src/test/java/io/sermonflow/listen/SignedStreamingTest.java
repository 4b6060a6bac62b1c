package io.sermonflow.listen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.support.HlsPlaylist;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Listener URLs with SERMONFLOW_STREAM_SIGNING_KEY set. */
@SermonflowTest
@TestPropertySource(properties = "sermonflow.stream.signing-key=" + SignedStreamingTest.KEY)
class SignedStreamingTest {

	static final String KEY = "test-stream-signing-key";

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	String sermonId;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void publish() {
		this.sermonId = Listening.toneSermon(this.port, this.dir, "Signed");
	}

	int status(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	String signedMaster() {
		String page = Api.anonymous(this.port).get("/sermons/" + this.sermonId).body();
		Matcher master = Pattern.compile("data-hls=\"([^\"]+)\"").matcher(page);
		assertThat(master.find()).isTrue();
		return master.group(1).replace("&amp;", "&");
	}

	@Test
	void the_page_hands_out_signed_urls_and_ffmpeg_plays_the_whole_signed_stream() throws Exception {
		String master = signedMaster();
		assertThat(master).matches("/listen/" + this.sermonId + "/master\\.m3u8\\?exp=\\d+&sig=[\\w-]+");
		// every playlist passes the token on, so segments load too
		assertThat(TestAudio.decodedSeconds("-i", "http://127.0.0.1:" + this.port + master)).isCloseTo(14, within(1.0));
		String token = master.substring(master.indexOf('?'));
		// the init section's URI, in a tag, passes the token on as well as the segments'
		String variant = this.http.send(HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + this.port + "/listen/" + this.sermonId + "/hls/64k/index.m3u8" + token))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(HlsPlaylist.init(variant).uri()).isEqualTo("audio.mp4" + token);
		assertThat(HlsPlaylist.segments(variant)).isNotEmpty()
			.allMatch((segment) -> segment.uri().equals("audio.mp4" + token));
		assertThat(status("/listen/" + this.sermonId + "/hls/64k/audio.mp4" + token)).isEqualTo(200);
		assertThat(status("/listen/" + this.sermonId + "/audio" + token)).isEqualTo(200);
		assertThat(status("/listen/" + this.sermonId + "/captions.vtt" + token)).isIn(200, 404);
	}

	@Test
	void unsigned_tampered_expired_or_borrowed_tokens_get_403() throws Exception {
		String master = signedMaster();
		String token = master.substring(master.indexOf('?'));
		HttpResponse<String> unsigned = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/listen/" + this.sermonId + "/audio"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(unsigned.statusCode()).isEqualTo(403);
		assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(unsigned.body()).contains("needs a signature");
		assertThat(status("/listen/" + this.sermonId + "/hls/64k/audio.mp4")).isEqualTo(403);

		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
		assertThat(status("/listen/" + this.sermonId + "/audio" + tampered)).isEqualTo(403);
		// a token is for one sermon only, and says nothing of whether another exists
		assertThat(status("/listen/no-such-sermon/audio" + token)).isEqualTo(403);

		StreamTokens yesterday = new StreamTokens(new StreamProperties(KEY, Duration.ofHours(1), Duration.ofDays(1)),
				Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
		String expired = yesterday.sign(this.sermonId, "/listen/" + this.sermonId + "/audio");
		HttpResponse<String> late = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + expired)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(late.statusCode()).isEqualTo(403);
		assertThat(late.body()).contains("expired");
	}

	@Test
	void podcast_enclosures_and_search_links_are_signed() throws Exception {
		String feed = Api.anonymous(this.port).get("/feeds/podcast.xml").body();
		Matcher enclosure = Pattern
			.compile("url=\"http://127\\.0\\.0\\.1:\\d+(/listen/" + this.sermonId
					+ "/audio\\?exp=\\d+&amp;sig=[\\w-]+)\"")
			.matcher(feed);
		assertThat(enclosure.find()).as(feed).isTrue();
		assertThat(status(enclosure.group(1).replace("&amp;", "&"))).isEqualTo(200);
	}

}
