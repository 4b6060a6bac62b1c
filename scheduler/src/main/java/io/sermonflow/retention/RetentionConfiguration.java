package io.sermonflow.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.schedule.RecurringJob;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Housekeeping: the engine's own kinds of history as {@link RetentionTarget}s (other
 * modules add theirs as beans), and the recurring Quartz job that purges them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionConfiguration {

	@Bean
	Retention retention(List<RetentionTarget> targets, RetentionProperties properties, Clock clock,
			MeterRegistry meters) {
		return new Retention(targets, properties, clock, meters);
	}

	@Bean
	RecurringJob retentionJob(RetentionProperties properties) {
		return new RecurringJob("retention", RetentionJob.class, properties.interval());
	}

	@Bean
	JdbcRetentionStore jdbcRetentionStore(JdbcClient jdbc, TransactionTemplate transaction) {
		return new JdbcRetentionStore(jdbc, transaction);
	}

	@Bean
	RetentionTarget runRetention(JdbcRetentionStore store) {
		return target(Retained.RUNS, store::countRuns, store::purgeRuns);
	}

	@Bean
	RetentionTarget taskLogRetention(JdbcRetentionStore store) {
		return target(Retained.TASK_LOGS, store::countTaskLogs, store::purgeTaskLogs);
	}

	@Bean
	RetentionTarget eventRetention(JdbcRetentionStore store) {
		return target(Retained.EVENTS, store::countEvents, store::purgeEvents);
	}

	@Bean
	RetentionTarget deadLetterRetention(JdbcRetentionStore store) {
		return target(Retained.DEAD_LETTERS, store::countDeadLetters, store::purgeDeadLetters);
	}

	@Bean
	RetentionTarget firedTimerRetention(JdbcRetentionStore store) {
		return target(Retained.FIRED_TIMERS, store::countFiredTimers, store::purgeFiredTimers);
	}

	private static RetentionTarget target(Retained kind, ToLongFunction<Instant> count, Purge purge) {
		return new RetentionTarget() {

			@Override
			public Retained kind() {
				return kind;
			}

			@Override
			public long count(Instant cutoff) {
				return count.applyAsLong(cutoff);
			}

			@Override
			public int purge(Instant cutoff, int limit) {
				return purge.purge(cutoff, limit);
			}

		};
	}

	@FunctionalInterface
	private interface Purge {

		int purge(Instant cutoff, int limit);

	}

}
