package io.sermonflow.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.support.Api;
import io.sermonflow.support.Listening;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Narrowing sermons and search by preacher, series and dates preached, and paging by
 * keyset (issue 18): the same filters on the public pages, the sermons API and search.
 */
@SermonflowTest
class SermonFiltersTest {

	@LocalServerPort
	int port;

	@Test
	void sermons_and_search_narrow_by_preacher_series_and_dates() {
		String id = Listening.spokenSermon(this.port).id();
		Api admin = Api.admin(this.port);
		Api listener = Api.anonymous(this.port);
		String empty = admin.post("/api/series", "{\"name\":\"Empty " + UUID.randomUUID() + "\"}")
			.json()
			.get("slug")
			.asString();

		assertThat(ids(admin.get("/api/sermons?preacher=ann-example&series=parables&status=published"))).contains(id);
		assertThat(ids(admin.get("/api/sermons?series=" + empty))).isEmpty();
		assertThat(ids(admin.get("/api/sermons?series=parables&from=2026-11-22&to=2026-11-22"))).contains(id);
		assertThat(ids(admin.get("/api/sermons?series=parables&from=2026-11-23"))).doesNotContain(id);

		assertThat(listener.get("/api/search?q=mustard+seed&series=parables&preacher=ann-example&k=50").body())
			.contains(id);
		assertThat(listener.get("/api/search?q=mustard+seed&series=" + empty).json()).isEmpty();
		assertThat(listener.get("/api/search?q=mustard+seed&to=2026-11-21").body()).doesNotContain(id);

		assertThat(listener.get("/sermons?preacher=ann-example").body()).contains("The mustard seed");
		assertThat(listener.get("/sermons?series=" + empty).body()).doesNotContain("The mustard seed")
			.contains("No published sermons match");
		assertThat(listener.get("/sermons?q=mustard+seed&series=parables").body()).contains("<mark>mustard</mark>");
	}

	@Test
	void bad_filters_are_400s_naming_the_parameter_and_pages_say_so() {
		Api admin = Api.admin(this.port);
		assertProblem(admin.get("/api/sermons?from=yesterday"), "\"from\"");
		assertProblem(admin.get("/api/sermons?from=2026-12-01&to=2026-11-01"), "\"from\"");
		assertProblem(admin.get("/api/sermons?preacher=nobody-by-this-name"), "\"preacher\"");
		assertProblem(admin.get("/api/sermons?series=Not%20A%20Slug"), "\"series\"");
		assertProblem(admin.get("/api/sermons?before=..%2Fetc"), "\"before\"");
		assertProblem(Api.anonymous(this.port).get("/api/search?q=grace&series=no-such-series"), "\"series\"");
		Api.Reply page = Api.anonymous(this.port).get("/sermons?to=someday");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("must be a date");
	}

	@Test
	void the_sermons_api_pages_by_keyset_through_its_link_header() throws Exception {
		Api admin = Api.admin(this.port);
		// enough sermons for three pages of one (these fail their pipeline, which does
		// not
		// matter here)
		Path notes = Files.writeString(Files.createTempDirectory("sermonflow-paging").resolve("notes.mp3"),
				"not audio\n".repeat(100));
		for (int i = 0; i < 3; i++) {
			assertThat(admin
				.upload("/api/sermons",
						Map.of("title", "Paged " + i, "preacher", "Pat Pager", "preachedOn", "2026-01-01"), notes)
				.status()).isEqualTo(201);
		}
		List<String> seen = new ArrayList<>();
		Instant previous = Instant.MAX;
		String next = "/api/sermons?limit=1";
		for (int page = 0; page < 3; page++) {
			Api.Reply reply = admin.get(next);
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			JsonNode sermons = reply.json();
			assertThat(sermons).hasSize(1);
			Instant created = Instant.parse(sermons.get(0).get("createdAt").asString());
			assertThat(created).isBeforeOrEqualTo(previous);
			previous = created;
			seen.add(sermons.get(0).get("id").asString());
			assertThat(reply.link()).startsWith("</api/sermons?").endsWith(">; rel=\"next\"");
			next = reply.link().substring(1, reply.link().indexOf('>'));
			assertThat(next).contains("before=" + seen.get(page)).contains("limit=1");
		}
		assertThat(seen).doesNotHaveDuplicates();
	}

	private static List<String> ids(Api.Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().findValuesAsString("id");
	}

	private static void assertProblem(Api.Reply reply, String names) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains(names);
	}

}
