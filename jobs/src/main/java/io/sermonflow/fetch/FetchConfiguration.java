package io.sermonflow.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * URL ingest: the system resolver and public addresses only, unless a test says
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

	@Bean
	UrlGuard urlGuard(@Value("${sermonflow.fetch-ports:80,443}") Set<Integer> ports,
			@Value("${sermonflow.fetch-allowed-sources:}") List<String> sources) {
		AddressPolicy policy = AddressPolicy.PUBLIC_ONLY.onPorts(ports).withSources(sources);
		if (!policy.sources().isEmpty()) {
			LoggerFactory.getLogger(FetchConfiguration.class)
				.info("URL ingest may also fetch from {} (SERMONFLOW_FETCH_ALLOWED_SOURCES)", policy.sources());
		}
		return new UrlGuard(Resolver.SYSTEM, policy);
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
