package io.sermonflow.support;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.sermonflow.SermonflowApplication;
import io.sermonflow.engine.ChildDags;
import io.sermonflow.testing.NodeProcess;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A second Sermonflow node (the whole application) in its own JVM, for tests that kill a
 * node with {@code kill -9}. It alone knows the engine tests' {@link ChildDags}, whose
 * tasks record their effect in the task's own transaction: committed exactly when the
 * task's step is.
 */
public final class ChildNode {

	private ChildNode() {
	}

	/**
	 * Starts a child node against the test database, SQS and Elasticsearch, with its own
	 * queues, playing {@code roles}; {@code extra} arguments (such as
	 * {@code --sermonflow.lease-seconds=600}) override the defaults.
	 */
	public static NodeProcess start(String name, String dbUrl, String sqsEndpoint, String esUrl, String roles,
			String... extra) throws IOException {
		return NodeProcess.start(name, ChildNode.class.getName(),
				List.of("--server.port=0", "--spring.datasource.url=" + dbUrl, "--sermonflow.roles=" + roles,
						"--sermonflow.workers=2", "--sermonflow.lease-seconds=4",
						"--sermonflow.admin-password=" + Api.ADMIN_PASSWORD, "--sermonflow.sqs.endpoint=" + sqsEndpoint,
						"--sermonflow.sqs.queue=child-" + UUID.randomUUID(),
						"--sermonflow.sqs.dlq=child-dlq-" + UUID.randomUUID(), "--sermonflow.es.url=" + esUrl,
						// the suite's own indices; the verse index is the suite's main
						// node's to
						// build
						"--sermonflow.es.index-prefix=sermonflow-test",
						"--sermonflow.scripture.build-verse-index=false", "--sermonflow.asr.vocabulary=stock"),
				extra);
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(SermonflowApplication.class, ChildDags.class).run(args);
	}

}
