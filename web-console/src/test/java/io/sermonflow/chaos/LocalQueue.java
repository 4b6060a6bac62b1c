package io.sermonflow.chaos;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run's own SQS: an ElasticMQ process with its messages on disk, so it can be
 * killed with {@code kill -9} and started again without losing what it held, as the local
 * stack runs it (DESIGN.md §6).
 */
final class LocalQueue implements AutoCloseable {

	static final String QUEUE = "chaos-events";

	static final String DLQ = "chaos-events-dlq";

	private final Path dir;

	private final int port;

	private final String classpath;

	private Process process;

	LocalQueue(Path dir, int port, Path classpathFile) throws IOException {
		this.dir = dir;
		this.port = port;
		if (!Files.isRegularFile(classpathFile)) {
			throw new IllegalStateException("ElasticMQ's classpath is not resolved (" + classpathFile
					+ "): run ./sermonflow stack or ./sermonflow test once first");
		}
		this.classpath = Files.readString(classpathFile).strip();
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("elasticmq.conf"), """
				include classpath("application.conf")
				node-address { protocol = http, host = 127.0.0.1, port = %d, context-path = "" }
				rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
				rest-stats { enabled = false }
				queues {
				  %s { }
				  %s {
				    defaultVisibilityTimeout = 10 seconds
				    deadLettersQueue { name = "%s", maxReceiveCount = 5 }
				  }
				}
				queues-storage { enabled = true, path = "%s" }
				messages-storage { enabled = true, uri = "jdbc:h2:%s" }
				""".formatted(port, port, DLQ, QUEUE, DLQ, dir.resolve("queues.conf"), dir.resolve("messages")));
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	void start() throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.process = new ProcessBuilder(java, "-Xmx256m", "-Dconfig.file=" + this.dir.resolve("elasticmq.conf"),
				"-cp", this.classpath, "org.elasticmq.server.Main")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("elasticmq.log").toFile()))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (answers()) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("ElasticMQ did not answer on " + endpoint() + " within 60 s");
	}

	/** {@code kill -9}: what it held stays in its on-disk store. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	private boolean answers() {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/?Action=ListQueues")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(1000);
			connection.setReadTimeout(2000);
			return connection.getResponseCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			kill();
		}
	}

}
