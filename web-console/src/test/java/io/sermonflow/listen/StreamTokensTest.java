package io.sermonflow.listen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTokensTest {

	static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");

	StreamTokens tokens(String key, Instant now) {
		return new StreamTokens(new StreamProperties(key, Duration.ofHours(6), Duration.ofDays(7)),
				Clock.fixed(now, ZoneOffset.UTC));
	}

	MockHttpServletRequest request(String signedPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", signedPath.replaceAll("\\?.*", ""));
		request.setQueryString(signedPath.replaceAll(".*\\?", ""));
		for (String pair : request.getQueryString().split("&")) {
			String[] kv = pair.split("=", 2);
			request.addParameter(kv[0], kv[1]);
		}
		return request;
	}

	@Test
	void a_signed_url_is_accepted_until_it_expires_and_the_expiry_is_rounded_up_to_the_hour() {
		String url = tokens("secret", NOW).sign("s1", "/listen/s1/master.m3u8");
		assertThat(url).matches("/listen/s1/master\\.m3u8\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}");
		long exp = Long.parseLong(url.replaceAll(".*exp=(\\d+).*", "$1"));
		assertThat(Instant.ofEpochSecond(exp)).isEqualTo(Instant.parse("2026-11-28T17:00:00Z"));
		assertThat(tokens("secret", NOW.plus(Duration.ofHours(6))).check("s1", request(url)))
			.isEqualTo(StreamTokens.Verdict.ALLOWED);
		assertThat(tokens("secret", Instant.parse("2026-11-28T17:00:01Z")).check("s1", request(url)))
			.isEqualTo(StreamTokens.Verdict.EXPIRED);
	}

	@Test
	void a_token_for_another_sermon_another_key_or_a_later_expiry_is_refused() {
		String url = tokens("secret", NOW).sign("s1", "/listen/s1/audio");
		assertThat(tokens("secret", NOW).check("s2", request(url))).isEqualTo(StreamTokens.Verdict.TAMPERED);
		assertThat(tokens("other", NOW).check("s1", request(url))).isEqualTo(StreamTokens.Verdict.TAMPERED);
		String later = url.replaceAll("exp=(\\d+)", "exp=9$1");
		assertThat(tokens("secret", NOW).check("s1", request(later))).isEqualTo(StreamTokens.Verdict.TAMPERED);
		assertThat(tokens("secret", NOW).check("s1", new MockHttpServletRequest("GET", "/listen/s1/audio")))
			.isEqualTo(StreamTokens.Verdict.MISSING);
	}

	@Test
	void without_a_key_urls_are_plain_and_every_request_is_allowed() {
		StreamTokens open = tokens(null, NOW);
		assertThat(open.sign("s1", "/listen/s1/audio")).isEqualTo("/listen/s1/audio");
		assertThat(open.check("s1", new MockHttpServletRequest())).isEqualTo(StreamTokens.Verdict.ALLOWED);
	}

}
