package io.sermonflow.config;

import java.time.Clock;
import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.InvalidDagException;
import org.quartz.CronExpression;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's shared parts: the DAG catalogue, time, this node's identity. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineProperties.class)
public class EngineConfiguration {

	/**
	 * The DAGs, validated: a bad one stops the application at start-up, naming the fault.
	 */
	@Bean
	DagRegistry dagRegistry(List<Dag> dags) {
		for (Dag dag : dags) {
			for (String cron : dag.schedules()) {
				if (!CronExpression.isValidExpression(cron)) {
					throw new InvalidDagException(dag.id(), "schedule '" + cron
							+ "' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week)");
				}
			}
		}
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
