package io.sermonflow.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.dag.Dag;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A second Sermonflow node in its own JVM, for tests that kill a node with
 * {@code kill -9}. It alone knows the DAG {@code child-slow}, whose tasks record their
 * effect in the task's own transaction: committed exactly when the task's step is.
 */
public final class ChildNode {

	private ChildNode() {
	}

	/**
	 * Starts a child node against the test database, SQS and Elasticsearch, with its own
	 * queues, playing {@code roles}; its output goes to a temporary log file.
	 */
	public static Process start(String name, String dbUrl, String sqsEndpoint, String esUrl, String roles)
			throws IOException {
		return startLogged(name, dbUrl, sqsEndpoint, esUrl, roles).process();
	}

	/**
	 * Starts a child node, as {@link #start}, and says where its log goes; {@code extra}
	 * arguments (such as {@code --sermonflow.lease-seconds=600}) override the defaults.
	 */
	public static Child startLogged(String name, String dbUrl, String sqsEndpoint, String esUrl, String roles,
			String... extra) throws IOException {
		Path log = Files.createTempFile("sermonflow-child-" + name, ".log");
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp",
				System.getProperty("java.class.path"), ChildNode.class.getName(), "--server.port=0",
				"--spring.datasource.url=" + dbUrl, "--sermonflow.roles=" + roles, "--sermonflow.workers=2",
				"--sermonflow.lease-seconds=4", "--sermonflow.admin-password=" + Api.ADMIN_PASSWORD,
				"--sermonflow.sqs.endpoint=" + sqsEndpoint, "--sermonflow.sqs.queue=child-" + UUID.randomUUID(),
				"--sermonflow.sqs.dlq=child-dlq-" + UUID.randomUUID(), "--sermonflow.es.url=" + esUrl,
				// the suite's own indices; the verse index is the suite's main node's to
				// build
				"--sermonflow.es.index-prefix=sermonflow-test", "--sermonflow.scripture.build-verse-index=false",
				"--sermonflow.asr.vocabulary=stock"));
		// an extra argument replaces the default of the same name (Spring would join
		// both)
		for (String argument : extra) {
			String option = argument.substring(0, argument.indexOf('=') + 1);
			command.removeIf((existing) -> existing.startsWith(option));
			command.add(argument);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new Child(process, log);
	}

	/** A child node's process and its log file. */
	public record Child(Process process, Path log) {

		/** What the child has logged so far. */
		public String logText() {
			try {
				return Files.readString(this.log);
			}
			catch (IOException ex) {
				return "";
			}
		}

		/** Sends the process a signal (STOP, CONT) with kill(1). */
		public void signal(String signal) throws IOException, InterruptedException {
			int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " exited " + exit);
			}
		}

	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(SermonflowApplication.class, ChildDags.class).run(args);
	}

	/**
	 * Registered as a source of the child only; not a scanned configuration, so no other
	 * node has it.
	 */
	public static class ChildDags {

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
		 * t1 writes a log line and succeeds; t2 fails permanently: the telemetry of a
		 * task, whatever its outcome.
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

}
