package io.sermonflow.ingest;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * URL ingest: the system resolver and public addresses only, unless a test says
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	UrlGuard urlGuard() {
		return new UrlGuard(Resolver.SYSTEM, AddressPolicy.PUBLIC_ONLY);
	}

	@Bean
	SafeFetcher safeFetcher(UrlGuard guard) {
		return new SafeFetcher(guard, Duration.ofMinutes(30));
	}

}
