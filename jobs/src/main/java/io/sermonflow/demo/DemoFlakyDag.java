package io.sermonflow.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.Dag;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code demo-flaky} (API.md §5): its task fails {@code failTimes} times, retryably or
 * ({@code permanent}) permanently, counted per {@code key} across attempts, then
 * succeeds. Three retries with backoff from 1 s; an onFailure handler whose execution
 * shows on the run.
 */
@Configuration(proxyBeanMethods = false)
class DemoFlakyDag {

	@Bean
	Dag demoFlaky(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		TransactionTemplate ownTransaction = new TransactionTemplate(transactionManager);
		// the count must survive the failing step's rollback
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return Dag.dag("demo-flaky")
			.triggeredBy("demo/flaky")
			.retries(3, Duration.ofSeconds(1), Duration.ofSeconds(30))
			.task("flaky", List.of(), (context) -> {
				Map<String, Object> data = context.data();
				int failTimes = (data.get("failTimes") instanceof Number n) ? n.intValue() : 0;
				boolean permanent = Boolean.TRUE.equals(data.get("permanent"));
				String key = (data.get("key") != null) ? data.get("key").toString() : context.runId();
				int attempt = ownTransaction.execute((tx) -> jdbc.sql("""
						INSERT INTO sf_demo_flaky (key, attempts) VALUES (?, 1)
						ON CONFLICT (key) DO UPDATE SET attempts = sf_demo_flaky.attempts + 1
						RETURNING attempts""").param(key).query(Integer.class).single());
				context.log("demo-flaky attempt " + attempt + " for key " + key + " (fails " + failTimes + " times)");
				if (attempt <= failTimes) {
					String message = "demo-flaky failure " + attempt + " of " + failTimes + " for key " + key;
					throw permanent ? new PermanentException(message) : new RetryableException(message);
				}
				return Map.of("key", key, "attempt", attempt);
			})
			.onFailure((failure) -> Map.of("handled", true, "runId", failure.runId(), "error", failure.error()))
			.build();
	}

}
