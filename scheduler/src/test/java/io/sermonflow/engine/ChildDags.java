package io.sermonflow.engine;

import java.util.List;
import java.util.Map;

import io.sermonflow.dag.Dag;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The DAGs only the child nodes a test starts know; registered as a source of the child
 * only, not a scanned configuration, so the test's own node never runs them. Each task
 * records its effect in the task's own transaction ({@link RunFacts#effects}).
 */
public class ChildDags {

	/**
	 * t1, then t2 which takes 5 s, then t3; each records its effect in the task's own
	 * transaction, so an effect is committed exactly when its task's step is.
	 */
	@Bean
	Dag childZombie(JdbcClient jdbc) {
		Dag.Builder dag = Dag.dag("child-zombie");
		String previous = null;
		for (String task : List.of("t1", "t2", "t3")) {
			dag.task(task, (previous != null) ? List.of(previous) : List.of(), (c) -> {
				Thread.sleep(task.equals("t2") ? 5000 : 200);
				recordEffect(jdbc, c.runId(), c.taskId());
				return Map.of("task", c.taskId());
			});
			previous = task;
		}
		return dag.build();
	}

	@Bean
	Dag childSlow(JdbcClient jdbc) {
		Dag.Builder dag = Dag.dag("child-slow");
		String previous = null;
		for (String task : List.of("t1", "t2", "t3")) {
			dag.task(task, (previous != null) ? List.of(previous) : List.of(), (c) -> {
				Thread.sleep(1500);
				recordEffect(jdbc, c.runId(), c.taskId());
				return Map.of("task", c.taskId());
			});
			previous = task;
		}
		return dag.build();
	}

	/**
	 * t1 writes a log line and succeeds; t2 fails permanently: the telemetry of a task,
	 * whatever its outcome.
	 */
	@Bean
	Dag childTelemetry() {
		org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.sermonflow.child.Telemetry");
		return Dag.dag("child-telemetry").task("t1", List.of(), (c) -> {
			log.info("child-telemetry task {} writes a line", c.taskId());
			return Map.of("task", c.taskId());
		}).task("t2", List.of("t1"), (c) -> {
			throw new io.sermonflow.error.PermanentException("child-telemetry t2 fails on purpose");
		}).build();
	}

	/** Counts a task's effect in the ledger, in the caller's transaction. */
	private static void recordEffect(JdbcClient jdbc, String runId, String taskId) {
		jdbc.sql("""
				INSERT INTO sf_demo_flaky (key, attempts) VALUES (?, 1)
				ON CONFLICT (key) DO UPDATE SET attempts = sf_demo_flaky.attempts + 1""")
			.param("ledger:" + runId + ":" + taskId)
			.update();
	}

}
