package io.sermonflow.ingest;

import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * URL ingest: the system resolver and public addresses only, unless a test says
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	UrlGuard urlGuard(@Value("${sermonflow.fetch-ports:80,443}") Set<Integer> ports) {
		return new UrlGuard(Resolver.SYSTEM, AddressPolicy.PUBLIC_ONLY.onPorts(ports));
	}

	@Bean
	ServiceUrls serviceUrls(@Value("${sermonflow.service-addresses:}") Set<String> addresses) {
		return new ServiceUrls(Resolver.SYSTEM, ServiceUrls.literals(addresses));
	}

	@Bean
	SafeFetcher safeFetcher(UrlGuard guard) {
		return new SafeFetcher(guard, Duration.ofMinutes(30));
	}

}
