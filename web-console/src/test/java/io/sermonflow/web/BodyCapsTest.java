package io.sermonflow.web;

import io.sermonflow.support.Api;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies too big for what they are: JSON over SERMONFLOW_MAX_JSON_KB is refused before it
 * is parsed, and an event bigger than an SQS message is a 413 that says what to do, not a
 * 503 no retry would fix. Nothing is accepted either way.
 */
@SermonflowTest
class BodyCapsTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static String eventOf(String id, int dataChars) {
		return "{\"name\":\"demo/noop\",\"id\":\"" + id + "\",\"data\":{\"padding\":\"" + "x".repeat(dataChars)
				+ "\"}}";
	}

	long accepted(String id) {
		return this.jdbc.sql("SELECT count(*) FROM sf_event WHERE event_id = ?").param(id).query(Long.class).single();
	}

	@Test
	void a_json_body_over_the_cap_is_a_413_before_it_is_parsed_whether_its_length_is_declared_or_not() {
		Api admin = Api.admin(this.port);
		String body = eventOf("over-the-json-cap", 1100 * 1024);
		for (Api.Reply reply : new Api.Reply[] { admin.post("/api/events", body),
				admin.postChunked("/api/events", body) }) {
			assertThat(reply.status()).isEqualTo(413);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.json().get("detail").asString()).contains("1024 KiB")
				.contains("SERMONFLOW_MAX_JSON_KB")
				.contains("by reference");
		}
		assertThat(accepted("over-the-json-cap")).isZero();
		// anonymous callers are refused by size before anyone asks who they are
		assertThat(Api.anonymous(this.port).post("/api/events", body).status()).isEqualTo(413);
	}

	@Test
	void an_event_bigger_than_an_sqs_message_is_a_413_naming_the_limit_and_is_not_accepted() {
		Api.Reply reply = Api.admin(this.port).post("/api/events", eventOf("too-big-for-sqs", 300 * 1024));
		assertThat(reply.status()).isEqualTo(413);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.json().get("detail").asString()).contains("256 KiB").contains("by reference");
		assertThat(accepted("too-big-for-sqs")).isZero();
		// the same id, made small, is taken: the refused one was not recorded as accepted
		assertThat(Api.admin(this.port)
			.post("/api/events", eventOf("too-big-for-sqs", 10))
			.json()
			.get("duplicate")
			.asBoolean()).isFalse();
	}

}
