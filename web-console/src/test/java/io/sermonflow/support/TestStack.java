package io.sermonflow.support;

import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the web tests add to the application beside the engine's test DAGs: URL ingest
 * that resolves through a table, child nodes, and the run facts read from the database.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestStack {

	/**
	 * URL ingest in tests: names resolve through this table (never the system's DNS), and
	 * the tests' own loopback servers are allowed; every other check is production's.
	 */
	@Bean
	@org.springframework.context.annotation.Primary
	io.sermonflow.fetch.UrlGuard testUrlGuard() throws java.net.UnknownHostException {
		java.net.InetAddress metadata = java.net.InetAddress.getByName("169.254.169.254");
		java.net.InetAddress loopback = java.net.InetAddress.getLoopbackAddress();
		return new io.sermonflow.fetch.UrlGuard((host) -> switch (host) {
			case "sermons.test" -> List.of(loopback);
			case "metadata.test" -> List.of(metadata);
			default -> throw new java.net.UnknownHostException(host);
		}, io.sermonflow.fetch.AddressPolicy.allowingAlso(java.util.Set.of(loopback)));
	}

	@Bean
	ChildNodes childNodes(@org.springframework.beans.factory.annotation.Value("${spring.datasource.url}") String dbUrl,
			@org.springframework.beans.factory.annotation.Value("${sermonflow.sqs.endpoint}") String sqsEndpoint,
			@org.springframework.beans.factory.annotation.Value("${sermonflow.es.url}") String esUrl) {
		return new ChildNodes(dbUrl, sqsEndpoint, esUrl);
	}

	@Bean
	io.sermonflow.engine.RunFacts runFacts(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		return new io.sermonflow.engine.RunFacts(jdbc);
	}

}
