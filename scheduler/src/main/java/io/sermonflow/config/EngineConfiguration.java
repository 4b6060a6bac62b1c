package io.sermonflow.config;

import java.time.Clock;
import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's shared parts: the DAG catalogue, time, this node's identity. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineProperties.class)
public class EngineConfiguration {

	@Bean
	DagRegistry dagRegistry(List<Dag> dags) {
		return new DagRegistry(dags);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	NodeIdentity nodeIdentity() {
		return NodeIdentity.create();
	}

}
