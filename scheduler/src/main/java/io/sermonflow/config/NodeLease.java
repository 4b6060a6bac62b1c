package io.sermonflow.config;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sermonflow.dag.DagRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This node's lease: renewed by heart-beats, it tells other nodes this one is alive. A
 * node whose lease lapsed may have had its runs taken over, so it starts nothing until it
 * renews (fencing).
 */
@Component
public class NodeLease {

	private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final String nodeId;

	private final String roles;

	private final Duration lease;

	private final Instant startedAt;

	/** The DAG versions this node runs, {@code dag:version,…}, for the other nodes. */
	private final String dagVersions;

	/** What {@link NodeSoftware} says of this node's tools, one per line. */
	private final String software;

	private volatile Instant validUntil = Instant.MIN;

	/** The key of the advisory lock this node's liveness session holds; null: none. */
	private volatile Integer livenessKey;

	NodeLease(JdbcClient jdbc, Clock clock, NodeIdentity node, EngineProperties properties, DagRegistry dags,
			List<NodeSoftware> software) {
		this.jdbc = jdbc;
		this.software = String.join("\n", software.stream().map(NodeSoftware::describe).toList());
		this.dagVersions = String.join(",", dags.all().stream().map((dag) -> dag.id() + ":" + dag.version()).toList());
		this.clock = clock;
		this.nodeId = node.nodeId();
		this.roles = String.join(",", properties.roles());
		this.lease = Duration.ofSeconds(properties.leaseSeconds());
		this.startedAt = clock.instant();
	}

	public String nodeId() {
		return this.nodeId;
	}

	public Duration duration() {
		return this.lease;
	}

	/** Renews the lease; false when the database could not be reached. */
	public boolean heartbeat() {
		Instant now = this.clock.instant();
		try {
			// the database's clock dates leases, so nodes with skewed clocks still agree
			// on who is dead
			this.jdbc.sql("""
					INSERT INTO sf_node (node_id, roles, started_at, heartbeat_at, lease_until, dag_versions,
					                     liveness_key, software)
					VALUES (?, ?, ?, now(), now() + make_interval(secs => ?), ?, ?, ?)
					ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at,
					                                    lease_until = EXCLUDED.lease_until,
					                                    liveness_key = EXCLUDED.liveness_key, lost_reason = NULL""")
				.params(this.nodeId, this.roles, Timestamp.from(this.startedAt), (double) this.lease.toSeconds(),
						this.dagVersions, this.livenessKey, this.software)
				.update();
			this.validUntil = now.plus(this.lease);
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Heartbeat failed; the lease runs out at {}: {}", this.validUntil, ex.toString());
			return false;
		}
	}

	/**
	 * The key of the advisory lock this node's liveness session holds (null when it lost
	 * that session), published with the next heart-beat.
	 */
	public void livenessKey(Integer key) {
		this.livenessKey = key;
	}

	/**
	 * Shutting down: it finishes what it runs and claims nothing new, as other nodes and
	 * the console see.
	 */
	public void draining() {
		this.jdbc.sql("UPDATE sf_node SET draining = TRUE WHERE node_id = ?").param(this.nodeId).update();
	}

	/** Whether this node may start work: its lease, as last renewed, has not run out. */
	public boolean isHeld() {
		return this.clock.instant().isBefore(this.validUntil);
	}

	/**
	 * Gives the lease up at shutdown, so other nodes recover what is left here at once.
	 */
	public void release() {
		this.validUntil = Instant.MIN;
		this.jdbc.sql("DELETE FROM sf_node WHERE node_id = ?").param(this.nodeId).update();
	}

}
