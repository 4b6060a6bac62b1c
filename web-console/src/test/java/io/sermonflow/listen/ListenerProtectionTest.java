package io.sermonflow.listen;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.FromAddress;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public endpoints that cost the server most (search, captions, the feed) against
 * clients that ask too much or send what the feed cannot carry. Distinct loopback source
 * addresses play distinct clients; the suite's own 127.0.0.1 is exempt from the limit.
 */
@SermonflowTest
class ListenerProtectionTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcSermonStore sermons;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	Listening.Spoken spoken;

	@BeforeEach
	void publish() {
		this.spoken = Listening.spokenSermon(this.port);
	}

	@Test
	void an_address_that_asks_too_fast_gets_429_with_retry_after_while_another_address_is_served() throws Exception {
		FromAddress greedy = FromAddress.of("127.0.0.6", this.port);
		String[] costly = { "/api/search?q=mustard", "/feeds/podcast.xml",
				"/listen/" + this.spoken.id() + "/captions.vtt", "/sermons?q=grace", "/?q=faith" };
		long started = System.nanoTime();
		int served = 0;
		FromAddress.Response refused = null;
		// the bucket holds 20 and refills one a second: however slow this machine, the
		// refusal comes within 20 + the seconds spent + 1 requests
		for (int i = 0; i < 400 && refused == null; i++) {
			FromAddress.Response response = greedy.get(costly[i % costly.length], Map.of());
			if (response.status() == 429) {
				refused = response;
			}
			else {
				assertThat(response.status()).as(costly[i % costly.length]).isEqualTo(200);
				served++;
			}
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
		assertThat(refused).as("a 429 after the burst").isNotNull();
		assertThat(served).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(20 + (int) seconds + 1);
		assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
		assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 60L);
		assertThat(refused.body()).contains("faster than 60 a minute");

		FromAddress neighbour = FromAddress.of("127.0.0.7", this.port);
		assertThat(neighbour.get("/api/search?q=mustard", Map.of()).status()).isEqualTo(200);
		// pages without a query and the streams are not limited
		assertThat(greedy.get("/", Map.of()).status()).isEqualTo(200);
		assertThat(greedy.get("/listen/" + this.spoken.id() + "/audio", Map.of()).status()).isEqualTo(200);
	}

	@Test
	void the_feed_and_captions_render_once_until_the_sermon_changes() {
		Api anonymous = Api.anonymous(this.port);
		String captions = "/listen/" + this.spoken.id() + "/captions.vtt";
		anonymous.get("/feeds/podcast.xml");
		anonymous.get(captions);
		double feeds = renders("feed");
		double vtts = renders("captions");
		assertThat(anonymous.get("/feeds/podcast.xml").status()).isEqualTo(200);
		assertThat(anonymous.get(captions).status()).isEqualTo(200);
		assertThat(renders("feed")).isEqualTo(feeds);
		assertThat(renders("captions")).isEqualTo(vtts);

		String title = this.sermons.find(this.spoken.id()).orElseThrow().title();
		Api.Reply patched = Api.admin(this.port)
			.patch("/api/sermons/" + this.spoken.id(), "{\"title\":\"" + title + ", retitled\"}");
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		try {
			assertThat(anonymous.get("/feeds/podcast.xml").body()).contains(title + ", retitled");
			assertThat(renders("feed")).isEqualTo(feeds + 1);
		}
		finally {
			Api.admin(this.port).patch("/api/sermons/" + this.spoken.id(), "{\"title\":\"" + title + "\"}");
		}
	}

	@Test
	void the_feed_links_to_its_own_address_never_to_a_forged_host_header() throws Exception {
		FromAddress.Response forged = FromAddress.of("127.0.0.1", this.port)
			.get("/feeds/podcast.xml", Map.of("Host", "evil.example"));
		assertThat(forged.status()).isEqualTo(200);
		assertThat(forged.body()).contains("http://127.0.0.1:" + this.port + "/feeds/podcast.xml")
			.doesNotContain("evil.example");
	}

	@Test
	void text_the_feed_cannot_carry_is_refused_naming_the_field_and_stripped_from_rows_that_hold_it() throws Exception {
		Api admin = Api.admin(this.port);
		Api.Reply bell = admin.patch("/api/sermons/" + this.spoken.id(), "{\"preacher\":\"Pastor \\u0007Ann\"}");
		assertThat(bell.status()).isEqualTo(400);
		assertThat(bell.contentType()).startsWith("application/problem+json");
		assertThat(bell.json().get("detail").asString()).contains("\"preacher\"").contains("U+0007");

		// a row stored before the check: the feed leaves the character out and still
		// parses
		String title = this.sermons.find(this.spoken.id()).orElseThrow().title();
		this.jdbc.sql("UPDATE sf_sermon SET title = ?, updated_at = now() WHERE sermon_id = ?")
			.params(title + "\u000b\u001f!", this.spoken.id())
			.update();
		try {
			String feed = Api.anonymous(this.port).get("/feeds/podcast.xml").body();
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			Document xml = factory.newDocumentBuilder()
				.parse(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)));
			assertThat(xml.getDocumentElement().getTextContent()).contains(title + "!");
		}
		finally {
			this.jdbc.sql("UPDATE sf_sermon SET title = ?, updated_at = now() WHERE sermon_id = ?")
				.params(title, this.spoken.id())
				.update();
		}
	}

	private double renders(String kind) {
		io.micrometer.core.instrument.Counter counter = this.meters.find("sermonflow.listen.renders")
			.tag("kind", kind)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
