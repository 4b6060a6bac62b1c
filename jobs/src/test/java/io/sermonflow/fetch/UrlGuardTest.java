package io.sermonflow.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address checks, with an injected resolver: no test here sends traffic anywhere (IP
 * literals are parsed, never looked up).
 */
class UrlGuardTest {

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	@Test
	void refuses_every_private_local_and_special_range_in_each_of_its_forms() {
		for (String refused : List.of("0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "10.0.0.1",
				"10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255",
				"169.254.169.254", "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255", "::", "::1",
				"fc00::1", "fdff:ffff::1", "fe80::1", "febf::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
				"::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1", "2002:7f00:0001::1", "2002:a9fe:a9fe::1",
				"64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "198.18.0.1", "198.19.255.255", "192.0.0.1", "192.0.0.255",
				"fec0::1", "feff::1", "64:ff9b:1::1", "64:ff9b:1:ffff::8.8.8.8", "2001::1", "2001:0:4136:e378::1")) {
			assertThat(AddressPolicy.PUBLIC_ONLY.refusal(ip(refused))).as(refused).isNotNull();
		}
	}

	@Test
	void lets_public_addresses_through() {
		for (String allowed : List.of("8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
				"100.128.0.1", "169.253.1.1", "223.255.255.255", "2606:4700::1111", "2001:db8::1", "::ffff:8.8.8.8",
				"2002:0808:0808::1", "198.17.255.255", "198.20.0.1", "192.0.1.1", "64:ff9b::808:808", "2001:1::1")) {
			assertThat(AddressPolicy.PUBLIC_ONLY.refusal(ip(allowed))).as(allowed).isNull();
		}
	}

	@Test
	void refuses_a_name_that_resolves_to_any_refused_address_naming_it() {
		Map<String, List<InetAddress>> names = Map.of("metadata.test", List.of(ip("169.254.169.254")), "mixed.test",
				List.of(ip("93.184.216.34"), ip("10.0.0.7")), "sermons.test", List.of(ip("93.184.216.34")));
		UrlGuard guard = new UrlGuard((host) -> {
			List<InetAddress> addresses = names.get(host);
			if (addresses == null) {
				throw new UnknownHostException(host);
			}
			return addresses;
		}, AddressPolicy.PUBLIC_ONLY);
		// the range is named, the address never: an error must not map internal names
		assertThatThrownBy(() -> guard.check("http://metadata.test/latest/meta-data/"))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("169.254.0.0/16")
			.hasMessageNotContaining("169.254.169.254");
		assertThatThrownBy(() -> guard.check("https://mixed.test/a.mp3")).hasMessageContaining("10.0.0.0/8")
			.hasMessageNotContaining("10.0.0.7");
		assertThatThrownBy(() -> guard.check("https://nowhere.test/a.mp3")).hasMessageContaining("does not resolve");
		assertThat(guard.check("https://sermons.test/a.mp3").addresses()).containsExactly(ip("93.184.216.34"));
	}

	@Test
	void fetches_only_from_ports_80_and_443_unless_configured() {
		UrlGuard guard = new UrlGuard((host) -> List.of(ip("93.184.216.34")), AddressPolicy.PUBLIC_ONLY);
		assertThat(guard.check("http://sermons.test/a.mp3").uri().getPort()).isEqualTo(-1);
		assertThat(guard.check("https://sermons.test:443/a.mp3").host()).isEqualTo("sermons.test");
		for (String url : List.of("http://sermons.test:22/a.mp3", "https://sermons.test:6379/a.mp3",
				"http://sermons.test:8080/a.mp3")) {
			assertThatThrownBy(() -> guard.check(url)).as(url)
				.isInstanceOf(RefusedUrlException.class)
				.hasMessageContaining("only ports [80, 443]");
		}
		UrlGuard configured = new UrlGuard((host) -> List.of(ip("93.184.216.34")),
				AddressPolicy.PUBLIC_ONLY.onPorts(java.util.Set.of(443, 8443)));
		assertThat(configured.check("https://sermons.test:8443/a.mp3").host()).isEqualTo("sermons.test");
		assertThatThrownBy(() -> configured.check("http://sermons.test/a.mp3")).hasMessageContaining("not 80");
	}

	@Test
	void refuses_other_schemes_credentials_and_literal_private_addresses() {
		// literals only: a name such as 0x7f000001 must not reach the system's DNS
		UrlGuard guard = new UrlGuard((host) -> {
			if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
				throw new UnknownHostException(host);
			}
			return List.of(InetAddress.getByName(host));
		}, AddressPolicy.PUBLIC_ONLY);
		for (String url : List.of("file:///etc/passwd", "ftp://93.184.216.34/a.mp3", "gopher://93.184.216.34/",
				"jar:http://x/!/", "http://user:pass@93.184.216.34/a.mp3", "http:///a.mp3", "http://127.0.0.1:8080/",
				"http://[::1]/a.mp3", "http://[::ffff:7f00:1]/a.mp3", "http://0x7f000001/a.mp3", "not a url", "")) {
			assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(RefusedUrlException.class);
		}
	}

	@Test
	void an_allowed_source_opens_exactly_its_own_address_and_port_and_nothing_else_private() {
		Map<String, List<InetAddress>> names = Map.of("archive.church.internal", List.of(ip("10.1.2.3")),
				"other.church.internal", List.of(ip("10.1.2.4")), "alias.test", List.of(ip("10.1.2.3")),
				"metadata.test", List.of(ip("169.254.169.254")), "::1", List.of(ip("::1")), "127.0.0.1",
				List.of(ip("127.0.0.1")));
		UrlGuard guard = new UrlGuard((host) -> {
			List<InetAddress> addresses = names.get(host);
			if (addresses == null) {
				throw new UnknownHostException(host);
			}
			return addresses;
		}, AddressPolicy.PUBLIC_ONLY.withSources(List.of("Archive.Church.Internal:8080", "[::1]:9000")));

		assertThat(guard.check("http://archive.church.internal:8080/2019/easter.mp3").addresses())
			.containsExactly(ip("10.1.2.3"));
		// the allowance is the resolved address and port, whatever name reached it
		assertThat(guard.check("http://alias.test:8080/easter.mp3").addresses()).containsExactly(ip("10.1.2.3"));
		assertThat(guard.check("http://[::1]:9000/x.mp3").addresses()).containsExactly(ip("::1"));
		assertThatThrownBy(() -> guard.check("http://archive.church.internal:8081/easter.mp3"))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("10.0.0.0/8");
		assertThatThrownBy(() -> guard.check("http://archive.church.internal/easter.mp3"))
			.isInstanceOf(RefusedUrlException.class);
		assertThatThrownBy(() -> guard.check("http://other.church.internal:8080/easter.mp3"))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("10.0.0.0/8");
		assertThatThrownBy(() -> guard.check("http://metadata.test:8080/latest"))
			.isInstanceOf(RefusedUrlException.class)
			.hasMessageContaining("169.254.0.0/16");
		assertThatThrownBy(() -> guard.check("http://127.0.0.1:9000/x.mp3")).isInstanceOf(RefusedUrlException.class);
	}

	@Test
	void a_malformed_allowed_source_stops_start_up_naming_the_setting() {
		for (String bad : List.of("archive.church.internal", "archive:0", "archive:70000", ":8080", "a b:80",
				"http://archive:80")) {
			assertThatThrownBy(() -> AddressPolicy.PUBLIC_ONLY.withSources(List.of(bad))).as(bad)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("SERMONFLOW_FETCH_ALLOWED_SOURCES");
		}
	}

}
