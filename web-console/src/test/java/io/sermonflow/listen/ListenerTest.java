package io.sermonflow.listen;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What listeners use besides the streams, over real HTTP on a sermon the real pipeline
 * published: search, captions, the podcast feed, the pages and the metrics.
 */
@SermonflowTest
class ListenerTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcSermonStore sermons;

	Listening.Spoken spoken;

	Api anonymous;

	@BeforeEach
	void publish() {
		this.spoken = Listening.spokenSermon(this.port);
		this.anonymous = Api.anonymous(this.port);
	}

	// other tests publish sermons made of the same sentences into the suite's index,
	// whose moments tie with this one's: ask for enough hits that ties cannot crowd it
	// out
	private Api.Reply search(String query) {
		return this.anonymous.get("/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&k=50");
	}

	private JsonNode bestHitOfThisSermon(JsonNode hits) {
		for (JsonNode hit : hits) {
			if (hit.get("sermonId").asString().equals(this.spoken.id())) {
				return hit;
			}
		}
		throw new AssertionError("no hit of sermon " + this.spoken.id() + " in " + hits);
	}

	@Test
	void search_finds_the_moment_by_words_and_by_meaning_and_links_to_it() {
		Api.Reply reply = search("mustard seed");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json().get(0).get("snippet").asString()).contains("<mark>mustard</mark>");
		JsonNode best = bestHitOfThisSermon(reply.json());
		assertThat(best.get("title").asString()).isEqualTo("The mustard seed");
		double start = best.get("start").asDouble();
		double end = best.get("end").asDouble();
		// the sentence with "mustard seed" is said in both rounds
		assertThat(List.of(this.spoken.starts().get(3), this.spoken.starts().get(8)))
			.anySatisfy((said) -> assertThat(said).isBetween(start - 2, end));
		assertThat(best.get("snippet").asString()).contains("<mark>mustard</mark>");
		assertThat(best.get("listenUrl").asString())
			.isEqualTo("/sermons/" + this.spoken.id() + ((start > 0) ? "?t=" + ListenerLinks.seconds(start) : ""));
		assertThat(best.get("score").asDouble()).isPositive();
		// a hit that mostly repeats a better hit of the same sermon is left out
		JsonNode hits = reply.json();
		for (int better = 0; better < hits.size(); better++) {
			for (int worse = better + 1; worse < hits.size(); worse++) {
				JsonNode a = hits.get(better);
				JsonNode b = hits.get(worse);
				if (a.get("sermonId").equals(b.get("sermonId"))) {
					double overlap = Math.min(a.get("end").asDouble(), b.get("end").asDouble())
							- Math.max(a.get("start").asDouble(), b.get("start").asDouble());
					assertThat(overlap).isLessThanOrEqualTo((b.get("end").asDouble() - b.get("start").asDouble()) / 2);
				}
			}
		}

		JsonNode byMeaning = search("a tiny grain that grows into a great tree").json();
		assertThat(byMeaning.findValuesAsString("sermonId")).contains(this.spoken.id());
	}

	@Test
	void an_empty_overlong_or_out_of_bounds_query_is_a_400_naming_the_parameter() {
		for (String query : new String[] { "", "q=", "q=%20%20", "q=" + "a".repeat(201), "q=grace&k=0", "q=grace&k=51",
				"q=grace&k=many" }) {
			Api.Reply reply = this.anonymous.get("/api/search?" + query);
			assertThat(reply.status()).as(query).isEqualTo(400);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.json().get("detail").asString()).as(query)
				.containsPattern(query.contains("k=") ? "\"?k\"?" : "\"q\"");
		}
	}

	@Test
	void a_sermon_that_is_not_published_drops_out_of_search() {
		String id = this.spoken.id();
		this.sermons.failed(id, "withdrawn for the test");
		try {
			assertThat(search("mustard seed").json().findValuesAsString("sermonId")).doesNotContain(id);
		}
		finally {
			this.sermons.published(id);
		}
		assertThat(search("mustard seed").json().findValuesAsString("sermonId")).contains(id);
	}

	@Test
	void captions_are_webvtt_cues_of_the_transcript() {
		Api.Reply vtt = this.anonymous.get("/listen/" + this.spoken.id() + "/captions.vtt");
		assertThat(vtt.status()).isEqualTo(200);
		assertThat(vtt.contentType()).startsWith("text/vtt");
		assertThat(vtt.body()).startsWith("WEBVTT\n\n1\n");
		assertThat(vtt.body()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
		assertThat(vtt.body().toLowerCase()).contains("mustard");
	}

	@Test
	void the_podcast_feed_lists_published_sermons_with_enclosures_that_download() throws Exception {
		Api.Reply feed = this.anonymous.get("/feeds/podcast.xml");
		assertThat(feed.status()).isEqualTo(200);
		assertThat(feed.contentType()).startsWith("application/rss+xml");
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		Document xml = factory.newDocumentBuilder()
			.parse(new ByteArrayInputStream(feed.body().getBytes(StandardCharsets.UTF_8)));
		assertThat(xml.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
		NodeList items = xml.getElementsByTagName("item");
		Element item = null;
		for (int i = 0; i < items.getLength(); i++) {
			Element candidate = (Element) items.item(i);
			if (candidate.getElementsByTagName("guid")
				.item(0)
				.getTextContent()
				.equals("sermonflow:" + this.spoken.id())) {
				item = candidate;
			}
		}
		assertThat(item).as("the spoken sermon's item").isNotNull();
		assertThat(item.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("The mustard seed");
		assertThat(item.getElementsByTagName("pubDate").item(0).getTextContent())
			.isEqualTo("Sun, 22 Nov 2026 12:00:00 GMT");
		assertThat(item.getElementsByTagNameNS("http://www.itunes.com/dtds/podcast-1.0.dtd", "duration")
			.item(0)
			.getTextContent()).matches("\\d+");
		Element enclosure = (Element) item.getElementsByTagName("enclosure").item(0);
		assertThat(enclosure.getAttribute("type")).isEqualTo("audio/mp4");
		String url = enclosure.getAttribute("url");
		assertThat(url).isEqualTo("http://127.0.0.1:" + this.port + "/listen/" + this.spoken.id() + "/audio");
		HttpResponse<byte[]> audio = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(audio.statusCode()).isEqualTo(200);
		assertThat((long) audio.body().length).isEqualTo(Long.parseLong(enclosure.getAttribute("length")));
	}

	@Test
	void the_pages_list_sermons_show_search_hits_and_the_transcript_and_404_what_is_not_published() {
		Api.Reply home = this.anonymous.get("/");
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("The mustard seed").contains("/sermons/" + this.spoken.id());

		Api.Reply results = this.anonymous.get("/sermons?q=mustard+seed");
		assertThat(results.status()).isEqualTo(200);
		assertThat(results.body()).contains("<mark>mustard</mark>").contains("Play from").contains("data-audio=");

		Api.Reply page = this.anonymous.get("/sermons/" + this.spoken.id() + "?t=12.5");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Ann Example")
			.contains("Series: <a href=\"/series/parables\">Parables</a>")
			.contains("<a href=\"/preachers/ann-example\">Ann Example</a>")
			.contains("data-hls=\"/listen/" + this.spoken.id() + "/master.m3u8\"")
			.contains("data-start=\"12.5\"")
			.contains("/captions.vtt")
			.containsPattern("<li id=\"s0\" data-start=\"[0-9.]+\" data-end=\"[0-9.]+\">");
		assertThat(this.anonymous.get("/webjars/hls.js/dist/hls.min.js").status()).isEqualTo(200);
		assertThat(this.anonymous.get("/js/listen.js").status()).isEqualTo(200);
		// a bad start time is ignored, not an error
		assertThat(this.anonymous.get("/sermons/" + this.spoken.id() + "?t=soon").status()).isEqualTo(200);

		Api.Reply missing = this.anonymous.get("/sermons/no-such-sermon");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).doesNotContain("Exception").doesNotContain("at io.sermonflow");
	}

	@Test
	void plays_bytes_ranges_and_search_latency_are_counted() throws Exception {
		String id = this.spoken.id();
		HttpResponse<byte[]> range = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/listen/" + id + "/audio"))
				.header("Range", "bytes=0-99")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(range.statusCode()).isEqualTo(206);
		this.anonymous.get("/listen/" + id + "/master.m3u8");
		this.anonymous.get("/listen/" + id + "/hls/64k/audio.mp4");
		search("grace");
		String metrics = Api.admin(this.port).get("/actuator/prometheus").body();
		assertThat(metrics).containsPattern("sermonflow_listen_plays_total\\{[^}]*format=\"hls\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern("sermonflow_listen_bytes_total\\{[^}]*kind=\"segment\"[^}]*\\} [1-9]");
		assertThat(metrics)
			.containsPattern("sermonflow_listen_range_requests_total\\{[^}]*outcome=\"partial\"[^}]*\\} [1-9]");
		assertThat(metrics)
			.containsPattern("sermonflow_listen_plays_total\\{[^}]*format=\"progressive\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern("sermonflow_search_seconds_count\\{[^}]*\\} [1-9]");
	}

	@Test
	void the_transcript_downloads_as_subrip_text_webvtt_and_podcasting_json() {
		String base = "/listen/" + this.spoken.id() + "/transcript.";
		Api.Reply srt = this.anonymous.get(base + "srt");
		assertThat(srt.status()).isEqualTo(200);
		assertThat(srt.contentType()).startsWith("application/x-subrip");
		assertThat(srt.body()).startsWith("1\n").containsPattern("\\d\\d:\\d\\d:\\d\\d,\\d{3} --> ");
		assertThat(srt.body().toLowerCase()).contains("mustard");
		Api.Reply txt = this.anonymous.get(base + "txt");
		assertThat(txt.contentType()).startsWith("text/plain");
		assertThat(txt.body().toLowerCase()).contains("mustard");
		assertThat(this.anonymous.get(base + "vtt").body()).startsWith("WEBVTT");
		Api.Reply json = this.anonymous.get(base + "json");
		assertThat(json.contentType()).startsWith("application/json");
		assertThat(json.json().get("version").asString()).isEqualTo("1.0.0");
		JsonNode first = json.json().get("segments").get(0);
		assertThat(first.get("startTime").asDouble()).isLessThan(first.get("endTime").asDouble());
		assertThat(first.get("body").asString()).isNotBlank();
		assertThat(this.anonymous.get("/listen/" + this.spoken.id() + "/transcript.pdf").status()).isEqualTo(404);
	}

	@Test
	void the_feed_carries_podcasting_2_0_guid_person_and_transcripts_that_download() throws Exception {
		String podcast = "https://podcastindex.org/namespace/1.0";
		Document xml = feed();
		Element guid = (Element) xml.getElementsByTagNameNS(podcast, "guid").item(0);
		java.util.UUID feedGuid = java.util.UUID.fromString(guid.getTextContent());
		assertThat(feedGuid.version()).isEqualTo(5);
		assertThat(feed().getElementsByTagNameNS(podcast, "guid").item(0).getTextContent()).as("stable across renders")
			.isEqualTo(feedGuid.toString());
		Element item = item(xml, this.spoken.id());
		assertThat(item.getElementsByTagNameNS(podcast, "person").item(0).getTextContent()).isEqualTo("Ann Example");
		NodeList transcripts = item.getElementsByTagNameNS(podcast, "transcript");
		assertThat(transcripts.getLength()).isEqualTo(3);
		java.util.Set<String> types = new java.util.HashSet<>();
		for (int i = 0; i < transcripts.getLength(); i++) {
			Element transcript = (Element) transcripts.item(i);
			assertThat(transcript.getAttribute("language")).isEqualTo("en");
			String type = transcript.getAttribute("type");
			types.add(type);
			String path = URI.create(transcript.getAttribute("url")).getRawPath();
			Api.Reply file = this.anonymous.get(path);
			assertThat(file.status()).as(path).isEqualTo(200);
			assertThat(file.contentType()).as(path).startsWith(type);
		}
		assertThat(types).containsExactlyInAnyOrder("text/vtt", "application/x-subrip", "application/json");
	}

	private Document feed() throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		return factory.newDocumentBuilder()
			.parse(new ByteArrayInputStream(
					this.anonymous.get("/feeds/podcast.xml").body().getBytes(StandardCharsets.UTF_8)));
	}

	private static Element item(Document xml, String sermonId) {
		NodeList items = xml.getElementsByTagName("item");
		for (int i = 0; i < items.getLength(); i++) {
			Element candidate = (Element) items.item(i);
			if (candidate.getElementsByTagName("guid").item(0).getTextContent().equals("sermonflow:" + sermonId)) {
				return candidate;
			}
		}
		throw new AssertionError("no feed item for " + sermonId);
	}

}
