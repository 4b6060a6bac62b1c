package io.sermonflow.sermon;

import java.time.Duration;
import java.util.List;

import io.sermonflow.dag.Dag;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DAG that makes a scheduled sermon public when its time comes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublishingProperties.class)
class ReleaseDag {

	/**
	 * A release timer fired: a SCHEDULED sermon whose time has come becomes public, and
	 * staff and the webhook hear of it.
	 */
	@Bean
	Dag sermonReleaseDag(SermonRelease release) {
		return Dag.dag("sermon-release")
			.triggeredBy(SermonRelease.DUE)
			.retries(5, Duration.ofSeconds(10), Duration.ofMinutes(10))
			.task("release", release::release)
			.task("notify_user", List.of("release"), (context) -> release.notifyOutcome(context, "release"))
			.build();
	}

}
