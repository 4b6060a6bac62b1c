package io.sermonflow.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URLs of services we call, checked at start-up; names resolve through a table. */
class ServiceUrlsTest {

	private static final Resolver TABLE = (host) -> switch (host) {
		case "api.deepgram.test" -> List.of(ip("93.184.216.34"));
		case "hooks.internal.test" -> List.of(ip("192.168.4.20"));
		case "stub.test" -> List.of(InetAddress.getLoopbackAddress());
		default -> throw new UnknownHostException(host);
	};

	private final ServiceUrls nothingListed = new ServiceUrls(TABLE, Set.of());

	private final ServiceUrls loopbackListed = new ServiceUrls(TABLE, Set.of(InetAddress.getLoopbackAddress()));

	@Test
	void allows_a_public_https_service_on_any_port() {
		assertThat(this.nothingListed.check("SERMONFLOW_DEEPGRAM_URL", "https://api.deepgram.test:8443", true))
			.hasPort(8443);
	}

	@Test
	void refuses_a_service_inside_the_servers_own_network_naming_the_setting_not_the_address() {
		assertThatThrownBy(() -> this.nothingListed.check("SERMONFLOW_WEBHOOK_URL",
				"http://hooks.internal.test/notify?token=abc", false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("SERMONFLOW_WEBHOOK_URL is refused: ")
			.hasMessageContaining("192.168.0.0/16")
			.hasMessageContaining("SERMONFLOW_SERVICE_ADDRESSES")
			.hasMessageNotContaining("192.168.4.20")
			.hasMessageNotContaining("token=abc");
		assertThatThrownBy(() -> this.nothingListed.check("SERMONFLOW_WEBHOOK_URL", "http://stub.test:9000/", false))
			.hasMessageContaining("127.0.0.0/8");
	}

	@Test
	void refuses_plain_http_for_a_service_that_carries_a_key_unless_its_address_is_listed() {
		assertThatThrownBy(() -> this.nothingListed.check("SERMONFLOW_DEEPGRAM_URL", "http://api.deepgram.test", true))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("SERMONFLOW_DEEPGRAM_URL must be an https URL");
		assertThat(this.loopbackListed.check("SERMONFLOW_DEEPGRAM_URL", "http://stub.test:9000", true)).hasPort(9000);
		assertThat(this.loopbackListed.check("SERMONFLOW_WEBHOOK_URL", "http://api.deepgram.test/hook", false))
			.hasHost("api.deepgram.test");
	}

	@Test
	void lists_addresses_only_never_names() {
		assertThat(ServiceUrls.literals(Set.of("127.0.0.1", " ::1 ", "")))
			.containsExactlyInAnyOrder(InetAddress.getLoopbackAddress(), ip("::1"));
		assertThatThrownBy(() -> ServiceUrls.literals(Set.of("stub.test")))
			.hasMessageContaining("\"stub.test\", which is not an IP address");
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
