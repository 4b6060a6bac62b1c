package io.sermonflow.catalog;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.sermonflow.support.Api;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Series and preachers as entries (issue 18): made from the names sermons carry (those
 * stored before entries existed too), browsed on their own pages and feeds, renamed
 * without moving, given artwork, and filled in bulk.
 */
@SermonflowTest
class SeriesAndPreachersTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Catalog catalog;

	@Test
	void names_stored_before_entries_existed_become_entries_with_slugs_and_the_sermons_are_linked() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String sermonId = sermonRow("Élan Préacher " + suffix, "Romans: Grace & Law " + suffix);
		String other = sermonRow("ÉLAN préacher " + suffix, "romans: grace & law " + suffix);

		this.catalog.linkExisting();

		Series series = this.catalog.seriesOf(sermonId).orElseThrow();
		assertThat(series.slug()).isEqualTo("romans-grace-law-" + suffix);
		assertThat(this.catalog.seriesOf(other).orElseThrow().id()).as("one entry for a name in any case")
			.isEqualTo(series.id());
		assertThat(this.catalog.preacherOf(sermonId).orElseThrow().slug()).isEqualTo("elan-preacher-" + suffix);
		this.catalog.linkExisting();
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_series WHERE lower(name) = lower(?)")
			.param("Romans: Grace & Law " + suffix)
			.query(Long.class)
			.single()).as("running again makes nothing twice").isEqualTo(1);
	}

	@Test
	void published_sermons_are_browsed_by_series_and_preacher_with_the_series_own_feed() {
		String id = Listening.spokenSermon(this.port).id();
		Api listener = Api.anonymous(this.port);
		Api admin = Api.admin(this.port);
		JsonNode parables = find(admin.get("/api/series").json(), "Parables");
		assertThat(parables.get("slug").asString()).isEqualTo("parables");
		assertThat(parables.get("publishedSermons").asInt()).isPositive();

		assertThat(listener.get("/series").body()).contains("Parables").contains("/series/parables");
		assertThat(listener.get("/series/parables").body()).contains("The mustard seed")
			.contains("/feeds/series/parables.xml");
		assertThat(listener.get("/preachers").body()).contains("Ann Example");
		assertThat(listener.get("/preachers/ann-example").body()).contains("The mustard seed");
		assertThat(listener.get("/sermons/" + id).body()).contains("/series/parables")
			.contains("/preachers/ann-example");
		assertThat(listener.get("/feeds/series/parables.xml").body()).contains("sermonflow:" + id);
		assertThat(listener.get("/series/no-such-series").status()).isEqualTo(404);
		assertThat(listener.get("/preachers/NOT..a..slug").status()).isEqualTo(404);
		assertThat(listener.get("/feeds/series/no-such-series.xml").status()).isEqualTo(404);
	}

	@Test
	void a_renamed_series_keeps_its_address_and_takes_sermons_in_bulk() {
		Api admin = Api.admin(this.port);
		String name = "Advent " + UUID.randomUUID().toString().substring(0, 8);
		Api.Reply created = admin.post("/api/series", "{\"name\":\"" + name + "\",\"description\":\"Waiting\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		String slug = created.json().get("slug").asString();
		assertThat(admin.post("/api/series", "{\"name\":\"" + name.toUpperCase() + "\"}").status())
			.as("a name in use, in any case")
			.isEqualTo(400);

		String first = sermonRow("Ann Example", null);
		String second = sermonRow("Ann Example", null);
		Api.Reply assigned = admin.post("/api/series/" + id + "/sermons",
				"{\"sermonIds\":[\"" + first + "\",\"" + second + "\",\"no-such-sermon\"]}");
		assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
		assertThat(assigned.json().get("assigned").asInt()).isEqualTo(2);
		assertThat(assigned.json().get("unknown").asInt()).isEqualTo(1);

		Api.Reply renamed = admin.patch("/api/series/" + id, "{\"name\":\"" + name + ": Waiting\"}");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(renamed.json().get("slug").asString()).isEqualTo(slug);
		assertThat(admin.get("/api/sermons/" + first).json().get("series").asString()).isEqualTo(name + ": Waiting");
		assertThat(admin.get("/api/sermons/" + second).json().get("series").asString()).isEqualTo(name + ": Waiting");
		assertThat(Api.anonymous(this.port).get("/series/" + slug).body()).contains(name + ": Waiting");
		assertThat(admin.post("/api/series/" + id + "/sermons", "{\"sermonIds\":[]}").status()).isEqualTo(400);
	}

	@Test
	void series_artwork_is_checked_from_its_bytes_and_named_in_the_series_feed() throws IOException {
		Api admin = Api.admin(this.port);
		JsonNode series = admin.post("/api/series", "{\"name\":\"Art " + UUID.randomUUID() + "\"}").json();
		String id = series.get("id").asString();
		String slug = series.get("slug").asString();

		assertProblem(admin.putBytes("/api/series/" + id + "/artwork", "image/png", png(100, 100)), "1400");
		assertProblem(admin.putBytes("/api/series/" + id + "/artwork", "image/png", png(1400, 1000)), "square");
		assertProblem(admin.putBytes("/api/series/" + id + "/artwork", "image/png", "GIF89a not this".getBytes()),
				"PNG or JPEG");
		byte[] truncated = java.util.Arrays.copyOf(png(1400, 1400), 20);
		assertProblem(admin.putBytes("/api/series/" + id + "/artwork", "image/png", truncated), "readable");
		assertThat(Api.anonymous(this.port).get("/feeds/series/" + slug + "/artwork").status()).isEqualTo(404);

		byte[] artwork = png(1400, 1400);
		Api.Reply stored = admin.putBytes("/api/series/" + id + "/artwork", "image/png", artwork);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertThat(stored.json().get("artworkUrl").asString()).isEqualTo("/feeds/series/" + slug + "/artwork");
		Api listener = Api.anonymous(this.port);
		assertThat(listener.get("/feeds/series/" + slug + "/artwork").contentType()).startsWith("image/png");
		assertThat(listener.getBytes("/feeds/series/" + slug + "/artwork")).isEqualTo(artwork);
		assertThat(listener.get("/feeds/series/" + slug + ".xml").body()).contains("<itunes:image href=\"")
			.contains("/feeds/series/" + slug + "/artwork\"");
		assertThat(Api.basic(this.port, "nobody", "wrong")
			.putBytes("/api/series/" + id + "/artwork", "image/png", artwork)
			.status()).isEqualTo(401);
	}

	private static void assertProblem(Api.Reply reply, String names) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains(names);
	}

	private static JsonNode find(JsonNode list, String name) {
		for (JsonNode entry : list) {
			if (name.equals(entry.get("name").asString())) {
				return entry;
			}
		}
		throw new AssertionError("no " + name + " in " + list);
	}

	private static byte[] png(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/**
	 * A sermon stored as it was before series and preachers were entries (names only),
	 * still processing, so it shows nowhere public.
	 */
	private String sermonRow(String preacher, String series) {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO sf_sermon (sermon_id, title, preacher, preached_on, series, language, status, media_folder,
				                       created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 'en', 'PROCESSING', ?, ?, ?)""")
			.params(id, "Stored earlier", preacher, LocalDate.of(2020, 3, 1), series, UUID.randomUUID().toString(),
					Timestamp.from(Instant.now()), Timestamp.from(Instant.now()))
			.update();
		return id;
	}

}
