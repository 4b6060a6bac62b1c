package io.sermonflow.listen;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import io.sermonflow.support.SpokenSermons;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chapters, soundbites and the Podcasting 2.0 feed of a real spoken sermon: chapters
 * found by the pipeline and then written by staff, clips that play on their own, and
 * feeds (the whole podcast and one series) that keep the namespace's rules, with every
 * linked transcript and chapters file downloaded.
 */
@SermonflowTest
class PodcastingTest {

	static final String PODCAST = "https://podcastindex.org/namespace/1.0";

	static final String SERIES = "Romans: Grace & Law";

	@LocalServerPort
	int port;

	private static String sermon;

	@Test
	void chapters_are_found_by_the_pipeline_replaced_by_staff_and_served_as_json_chapters() throws Exception {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		String id = sermon(admin);
		String path = "/api/sermons/" + id + "/chapters";
		JsonNode found = admin.get(path).json();
		assertThat(found.get("source").asString()).isEqualTo("generated");
		assertThat(found.get("chapters").get(0).get("start").asDouble()).isZero();
		assertThat(found.get("chapters").get(0).get("title").asString()).isNotBlank();
		JsonNode run = admin.get("/api/runs/" + admin.get("/api/sermons/" + id).json().get("runId").asString()).json();
		assertThat(Api.task(run, "find_chapters").get("status").asString()).isEqualTo("SUCCEEDED");

		Api.Reply written = admin.put(path,
				"{\"chapters\":[{\"start\":0,\"title\":\"Welcome\"},{\"start\":30.5,\"title\":\"Grace upon grace\"}]}");
		assertThat(written.status()).as(written.body()).isEqualTo(200);
		assertThat(written.json().get("source").asString()).isEqualTo("edited");
		assertThat(written.json().get("updatedBy").asString()).isEqualTo("admin");
		JsonNode file = await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.get("/listen/" + id + "/chapters.json"),
					(reply) -> reply.status() == 200 && reply.body().contains("Grace upon grace"))
			.json();
		assertThat(file.get("version").asString()).isEqualTo("1.2.0");
		assertThat(file.get("chapters").findValuesAsString("title")).containsExactly("Welcome", "Grace upon grace");
		assertThat(file.get("chapters").get(1).get("startTime").asDouble()).isEqualTo(30.5);
		assertThat(listener.get("/listen/" + id + "/chapters.json").contentType())
			.startsWith("application/json+chapters");
		assertThat(listener.get("/sermons/" + id).body()).contains("Grace upon grace").contains("id=\"chapters\"");

		Map<String, String> bad = Map.of("[{\"start\":30,\"title\":\"B\"},{\"start\":10,\"title\":\"A\"}]",
				"Chapter 1 starts at 10.0 s, not after chapter 0",
				"[{\"start\":0,\"title\":\"A\"},{\"start\":99999,\"title\":\"Z\"}]", "past the end of the audio",
				"[{\"start\":0,\"title\":\"bell \\u0007\"}]", "U+0007", "[{\"title\":\"no start\"}]",
				"chapters[0].start");
		bad.forEach((chapters, named) -> {
			Api.Reply refused = admin.put(path, "{\"chapters\":" + chapters + "}");
			assertThat(refused.status()).as(chapters).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("detail").asString()).as(chapters).contains(named);
		});
		assertThat(admin.get(path).json().get("chapters").findValuesAsString("title")).as("nothing was saved")
			.containsExactly("Welcome", "Grace upon grace");
		assertThat(Api.basic(this.port, "nobody", "wrong").put(path, "{\"chapters\":[]}").status()).isEqualTo(401);
	}

	@Test
	void a_soundbite_plays_on_its_own_page_and_bad_clips_are_refused_by_name() throws Exception {
		Api admin = Api.admin(this.port);
		String id = sermon(admin);
		String path = "/api/sermons/" + id + "/soundbites";
		Api.Reply marked = admin.post(path, "{\"start\":5,\"duration\":20,\"title\":\"Grace is enough\"}");
		assertThat(marked.status()).as(marked.body()).isEqualTo(201);
		String share = marked.json().get("shareUrl").asString();
		assertThat(share).isEqualTo("/sermons/" + id + "?t=5&end=25");
		String page = Api.anonymous(this.port).get(share).body();
		assertThat(page).contains("data-start=\"5.0\"").contains("data-end=\"25.0\"").contains("id=\"clip-note\"");

		Map<String, String> bad = Map.of("{\"start\":5,\"duration\":10,\"title\":\"Short\"}", "Field \"duration\"",
				"{\"start\":99990,\"duration\":20,\"title\":\"Late\"}", "past the end of the audio",
				"{\"start\":5,\"duration\":20,\"title\":\"bell \\u0007\"}", "U+0007",
				"{\"duration\":20,\"title\":\"No start\"}", "Field \"start\"");
		bad.forEach((body, named) -> {
			Api.Reply refused = admin.post(path, body);
			assertThat(refused.status()).as(body).isEqualTo(400);
			assertThat(refused.json().get("detail").asString()).as(body).contains(named);
		});
		JsonNode listed = admin.get(path).json();
		assertThat(listed.findValuesAsString("title")).contains("Grace is enough").doesNotContain("Short", "Late");

		String extra = admin.post(path, "{\"start\":20,\"duration\":15,\"title\":\"Remove me\"}")
			.json()
			.get("id")
			.asString();
		assertThat(admin.delete(path + "/" + extra).status()).isEqualTo(204);
		assertThat(admin.delete(path + "/" + extra).status()).isEqualTo(404);
	}

	@Test
	void the_podcast_and_series_feeds_keep_the_podcasting_2_0_rules_and_every_linked_file_downloads() throws Exception {
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		String id = sermon(admin);
		assertThat(admin
			.post("/api/sermons/" + id + "/soundbites", "{\"start\":10,\"duration\":30,\"title\":\"What grace means\"}")
			.status()).isEqualTo(201);

		// the feed is rendered again once the sermon changed, within seconds
		String body = await().atMost(Duration.ofSeconds(30))
			.until(() -> listener.get("/feeds/podcast.xml").body(), (xml) -> xml.contains("What grace means"));
		Document feed = parse(body);
		assertThat(violations(feed)).isEmpty();
		Element item = item(feed, id);
		assertThat(item.getElementsByTagNameNS(PODCAST, "transcript").getLength()).isEqualTo(3);
		NodeList soundbites = item.getElementsByTagNameNS(PODCAST, "soundbite");
		List<String> titles = new ArrayList<>();
		for (int i = 0; i < soundbites.getLength(); i++) {
			titles.add(soundbites.item(i).getTextContent());
		}
		assertThat(titles).contains("What grace means");
		ZonedDateTime built = ZonedDateTime.parse(text(feed.getDocumentElement(), null, "lastBuildDate"),
				DateTimeFormatter.RFC_1123_DATE_TIME);
		assertThat(built.toInstant()).isBefore(java.time.Instant.now().plusSeconds(5));

		Api.Reply series = listener.get("/feeds/series/romans-grace-law.xml");
		assertThat(series.status()).isEqualTo(200);
		Document seriesFeed = parse(series.body());
		assertThat(violations(seriesFeed)).isEmpty();
		assertThat(item(seriesFeed, id)).isNotNull();
		assertThat(text(seriesFeed.getDocumentElement(), null, "title")).endsWith(SERIES);
		assertThat(text(seriesFeed.getDocumentElement(), PODCAST, "guid"))
			.isNotEqualTo(text(feed.getDocumentElement(), PODCAST, "guid"));
		assertThat(listener.get("/feeds/series/no-such-series.xml").status()).isEqualTo(404);
		assertThat(listener.get("/feeds/series/Romans%20Grace.xml").status()).isEqualTo(404);
	}

	/**
	 * The Podcasting 2.0 rules for the tags the feed uses: required attributes, MIME
	 * types, value ranges; every linked file is fetched and must be what its tag says.
	 */
	private List<String> violations(Document feed) throws Exception {
		List<String> faults = new ArrayList<>();
		Set<String> known = Set.of("guid", "transcript", "chapters", "soundbite", "person");
		Set<String> transcriptTypes = Set.of("text/vtt", "application/x-subrip", "application/srt", "application/json",
				"text/html", "text/plain");
		NodeList tags = feed.getElementsByTagNameNS(PODCAST, "*");
		for (int i = 0; i < tags.getLength(); i++) {
			Element tag = (Element) tags.item(i);
			String name = tag.getLocalName();
			String where = "podcast:" + name + " #" + i;
			if (!known.contains(name)) {
				faults.add(where + " is not a tag this feed should carry");
				continue;
			}
			switch (name) {
				case "guid" -> {
					if (!"channel".equals(tag.getParentNode().getNodeName())
							|| UUID.fromString(tag.getTextContent().strip()).version() != 5) {
						faults.add(where + " must be a UUIDv5 in the channel");
					}
				}
				case "transcript" -> {
					String type = tag.getAttribute("type");
					if (!transcriptTypes.contains(type)) {
						faults.add(where + " has type " + type);
					}
					if (tag.getAttribute("language").isEmpty()) {
						faults.add(where + " has no language");
					}
					HttpResponse<String> file = download(tag.getAttribute("url"), where, faults);
					if (file != null && !file.headers().firstValue("Content-Type").orElse("").startsWith(type)) {
						faults.add(where + " links a file of type " + file.headers().firstValue("Content-Type"));
					}
				}
				case "chapters" -> {
					if (!"application/json+chapters".equals(tag.getAttribute("type"))) {
						faults.add(where + " must have type application/json+chapters");
					}
					HttpResponse<String> file = download(tag.getAttribute("url"), where, faults);
					if (file != null) {
						JsonNode chapters = JsonMapper.builder().build().readTree(file.body());
						double previous = -1;
						for (JsonNode chapter : chapters.path("chapters")) {
							if (chapter.path("startTime").asDouble() <= previous
									|| chapter.path("title").asString().isEmpty()) {
								faults.add(where + " links chapters out of order or untitled");
							}
							previous = chapter.path("startTime").asDouble();
						}
						if (!"1.2.0".equals(chapters.path("version").asString()) || previous < 0) {
							faults.add(where + " links a file that is not version 1.2.0 JSON chapters");
						}
					}
				}
				case "soundbite" -> {
					double start = Double.parseDouble(tag.getAttribute("startTime"));
					double duration = Double.parseDouble(tag.getAttribute("duration"));
					if (start < 0 || duration < 15 || duration > 120 || tag.getTextContent().length() > 128) {
						faults.add(where + " must start at 0 or later, last 15 to 120 s, titled in 128 characters");
					}
				}
				default -> {
					if (tag.getTextContent().isBlank()) {
						faults.add(where + " must name the person");
					}
					if (!tag.getAttribute("role").isEmpty()
							&& !Set.of("host", "guest").contains(tag.getAttribute("role"))) {
						faults.add(where + " has a role outside the taxonomy used here");
					}
				}
			}
			if (!"item".equals(tag.getParentNode().getNodeName()) && !name.equals("guid")) {
				faults.add(where + " must be inside an item");
			}
		}
		return faults;
	}

	private HttpResponse<String> download(String url, String where, List<String> faults) throws Exception {
		if (url.isEmpty() || !url.startsWith("http://127.0.0.1:" + this.port + "/")) {
			faults.add(where + " links " + url + ", not this server");
			return null;
		}
		HttpResponse<String> file = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		if (file.statusCode() != 200 || file.body().isEmpty()) {
			faults.add(where + " links " + url + ", which answers " + file.statusCode());
			return null;
		}
		return file;
	}

	private static Element item(Document feed, String id) {
		NodeList items = feed.getElementsByTagName("item");
		for (int i = 0; i < items.getLength(); i++) {
			Element item = (Element) items.item(i);
			if (("sermonflow:" + id).equals(text(item, null, "guid"))) {
				return item;
			}
		}
		return null;
	}

	private static String text(Element parent, String namespace, String name) {
		NodeList found = (namespace != null) ? parent.getElementsByTagNameNS(namespace, name)
				: parent.getElementsByTagName(name);
		for (int i = 0; i < found.getLength(); i++) {
			Node node = found.item(i);
			if (namespace != null || node.getNamespaceURI() == null) {
				return node.getTextContent();
			}
		}
		return null;
	}

	private static Document parse(String xml) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

	private static synchronized String sermon(Api admin) throws Exception {
		if (sermon == null) {
			sermon = SpokenSermons.publish(admin, 2, "Grace and law", SERIES);
		}
		return sermon;
	}

}
