package io.sermonflow.engine;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sermonflow.testing.NodeProcess;
import test.sermonflow.engine.EngineTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The second (third…) engine nodes a test starts, each in a JVM of its own against the
 * test's database, knowing the {@link ChildDags}; {@link #stopAll()} in the test's
 * {@code @AfterEach}. Each node has queues of its own: the runs the tests give them are
 * made in the database.
 */
public final class EngineNodes {

	private final String dbUrl;

	private final String sqsEndpoint;

	private final List<NodeProcess> started = new CopyOnWriteArrayList<>();

	EngineNodes(String dbUrl, String sqsEndpoint) {
		this.dbUrl = dbUrl;
		this.sqsEndpoint = sqsEndpoint;
	}

	/** Starts a node playing {@code roles}; {@code extra} arguments override defaults. */
	public NodeProcess start(String name, String roles, String... extra) throws IOException {
		NodeProcess node = NodeProcess.start(name, EngineNodes.class.getName(),
				List.of("--spring.profiles.active=engine-test", "--spring.datasource.url=" + this.dbUrl,
						"--sermonflow.roles=" + roles, "--sermonflow.workers=2", "--sermonflow.lease-seconds=4",
						"--sermonflow.sqs.endpoint=" + this.sqsEndpoint,
						"--sermonflow.sqs.queue=child-" + UUID.randomUUID(),
						"--sermonflow.sqs.dlq=child-dlq-" + UUID.randomUUID()),
				extra);
		this.started.add(node);
		return node;
	}

	/** Ends every node started here: woken if frozen, then killed. */
	public void stopAll() throws IOException, InterruptedException {
		for (NodeProcess node : this.started) {
			node.stop();
		}
		this.started.clear();
	}

	/** A child node: the engine alone, with the child DAGs. */
	public static void main(String[] args) {
		new SpringApplicationBuilder(EngineTestApplication.class, ChildDags.class).web(WebApplicationType.NONE)
			.run(args);
	}

}
