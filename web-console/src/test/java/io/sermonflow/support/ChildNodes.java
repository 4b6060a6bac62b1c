package io.sermonflow.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.sermonflow.testing.NodeProcess;

/**
 * The second (third…) nodes a test starts, in JVMs of their own against the test stack,
 * and stops again: {@link #stopAll()} in the test's {@code @AfterEach}.
 */
public final class ChildNodes {

	private final String dbUrl;

	private final String sqsEndpoint;

	private final String esUrl;

	private final List<NodeProcess> started = new CopyOnWriteArrayList<>();

	ChildNodes(String dbUrl, String sqsEndpoint, String esUrl) {
		this.dbUrl = dbUrl;
		this.sqsEndpoint = sqsEndpoint;
		this.esUrl = esUrl;
	}

	/** Starts a node playing {@code roles}; {@code extra} arguments override defaults. */
	public NodeProcess start(String name, String roles, String... extra) throws IOException {
		NodeProcess child = ChildNode.start(name, this.dbUrl, this.sqsEndpoint, this.esUrl, roles, extra);
		this.started.add(child);
		return child;
	}

	/** Ends every node started here: woken if frozen, then killed. */
	public void stopAll() throws IOException, InterruptedException {
		for (NodeProcess child : this.started) {
			child.stop();
		}
		this.started.clear();
	}

}
