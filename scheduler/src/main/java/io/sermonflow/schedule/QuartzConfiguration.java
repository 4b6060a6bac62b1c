package io.sermonflow.schedule;

import io.sermonflow.config.EngineProperties;

import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Quartz fires schedules and timers only on nodes with the {@code scheduler} role. */
@Configuration(proxyBeanMethods = false)
class QuartzConfiguration {

	@Bean
	SchedulerFactoryBeanCustomizer schedulerRole(EngineProperties engine) {
		return (factory) -> factory.setAutoStartup(engine.hasRole("scheduler"));
	}

}
