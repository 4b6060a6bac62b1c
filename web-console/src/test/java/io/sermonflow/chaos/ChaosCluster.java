package io.sermonflow.chaos;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sermonflow.support.ChildNode;
import io.sermonflow.testing.NodeProcess;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Sermonflow nodes of a chaos run: real application processes against one PostgreSQL
 * database, one SQS queue and one Elasticsearch (through a proxy the run can take down),
 * sharing one media folder, each on its own HTTP port.
 */
final class ChaosCluster implements AutoCloseable {

	private final List<Node> nodes = new ArrayList<>();

	private final JdbcClient jdbc;

	private final String dbUrl;

	private final String sqsEndpoint;

	private final String esUrl;

	private final Path dataDir;

	private final Duration lease;

	ChaosCluster(JdbcClient jdbc, String dbUrl, String sqsEndpoint, String esUrl, Path dataDir, Duration lease) {
		this.jdbc = jdbc;
		this.dbUrl = dbUrl;
		this.sqsEndpoint = sqsEndpoint;
		this.esUrl = esUrl;
		this.dataDir = dataDir;
		this.lease = lease;
	}

	/** One node: its slot in the cluster, its port, and its current process. */
	static final class Node {

		final int index;

		final int port;

		NodeProcess child;

		volatile boolean frozen;

		Node(int index, int port) {
			this.index = index;
			this.port = port;
		}

		boolean alive() {
			return this.child != null && this.child.process().isAlive() && !this.frozen;
		}

		long pid() {
			return this.child.process().pid();
		}

	}

	List<Node> nodes() {
		return this.nodes;
	}

	Node add() throws IOException {
		Node node = new Node(this.nodes.size(), freePort());
		this.nodes.add(node);
		start(node);
		return node;
	}

	void start(Node node) throws IOException {
		node.frozen = false;
		node.child = ChildNode.start("chaos-" + node.index, this.dbUrl, this.sqsEndpoint, this.esUrl,
				"console,worker,scheduler", "--server.port=" + node.port,
				"--sermonflow.lease-seconds=" + this.lease.toSeconds(), "--sermonflow.sqs.queue=" + LocalQueue.QUEUE,
				"--sermonflow.sqs.dlq=" + LocalQueue.DLQ, "--sermonflow.sqs.create-queues=false",
				"--sermonflow.sqs.visibility-seconds=10", "--sermonflow.es.index-prefix=sermonflow-chaos",
				"--sermonflow.data-dir=" + this.dataDir, "--sermonflow.workers=2");
	}

	/** Waits until the node answers HTTP and holds its liveness session. */
	void awaitReady(Node node, Duration ceiling) throws InterruptedException {
		long deadline = System.nanoTime() + ceiling.toNanos();
		while (System.nanoTime() < deadline) {
			if (!node.child.process().isAlive()) {
				throw new IllegalStateException("node " + node.index + " exited; see " + node.child.log());
			}
			if (answers(node) && nodeId(node) != null) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(
				"node " + node.index + " was not ready within " + ceiling + "; see " + node.child.log());
	}

	/** The node's id in the database, once it has registered (null before). */
	String nodeId(Node node) {
		return this.jdbc
			.sql("SELECT node_id FROM sf_node WHERE node_id LIKE ? AND liveness_key IS NOT NULL"
					+ " AND lease_until > now()")
			.param("%-" + node.pid() + "-%")
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void killHard(Node node) throws InterruptedException {
		node.child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, and waits for the node to finish what it runs and exit. */
	void terminate(Node node, Duration ceiling) throws InterruptedException {
		node.child.process().destroy();
		if (!node.child.process().waitFor(ceiling.toSeconds(), TimeUnit.SECONDS)) {
			node.child.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			throw new IllegalStateException(
					"node " + node.index + " did not stop within " + ceiling + " of SIGTERM; see " + node.child.log());
		}
	}

	void freeze(Node node) throws IOException, InterruptedException {
		node.frozen = true;
		node.child.signal("STOP");
	}

	void thaw(Node node) throws IOException, InterruptedException {
		node.child.signal("CONT");
		node.frozen = false;
	}

	private static boolean answers(Node node) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI
				.create("http://127.0.0.1:" + node.port + "/actuator/health")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(1000);
			connection.setReadTimeout(3000);
			int status = connection.getResponseCode();
			return status == 200 || status == 503;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		for (Node node : this.nodes) {
			if (node.child != null) {
				try {
					if (node.frozen) {
						node.child.signal("CONT");
					}
				}
				catch (Exception ex) {
					// it is being killed anyway
				}
				node.child.process().destroyForcibly();
			}
		}
	}

}
