package io.sermonflow.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The nodes sharing the database, as an operator sees them: alive, draining (shutting
 * down, finishing what it runs) or lost (presumed dead, and why), when each was last
 * heard from, and what each runs now.
 */
@Repository
public class ClusterNodes {

	/** How long a lost node stays listed once nothing runs on it any more. */
	private static final String FORGET_AFTER = "1 day";

	private final JdbcClient jdbc;

	ClusterNodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every node, the newest first. */
	public List<Node> all() {
		return this.jdbc
			.sql("""
					SELECT n.node_id, n.roles, n.software, n.started_at, n.heartbeat_at, n.lease_until, n.draining, n.lost_reason,
					       n.lease_until > now() AS alive,
					       (SELECT string_agg(r.run_id || ' ' || r.dag_id, ',' ORDER BY r.started_at) FROM sf_run r
					        WHERE r.status = 'RUNNING' AND r.node_id = n.node_id) AS runs,
					       (SELECT string_agg(t.run_id || ' ' || t.task_id, ',' ORDER BY t.started_at)
					        FROM sf_run r JOIN sf_task t ON t.run_id = r.run_id
					        WHERE r.status = 'RUNNING' AND r.node_id = n.node_id AND t.status = 'RUNNING'
					          AND t.node_id = n.node_id) AS tasks
					FROM sf_node n ORDER BY n.started_at DESC, n.node_id""")
			.query(this::node)
			.list();
	}

	/** Forgets nodes lost long ago that nothing runs on any more. */
	public int forgetLongLost() {
		return this.jdbc
			.sql("DELETE FROM sf_node n WHERE n.lease_until < now() - interval '" + FORGET_AFTER + "'"
					+ " AND NOT EXISTS (SELECT 1 FROM sf_run r WHERE r.status = 'RUNNING' AND r.node_id = n.node_id)")
			.update();
	}

	private Node node(ResultSet rs, int row) throws SQLException {
		State state = !rs.getBoolean("alive") ? State.LOST : rs.getBoolean("draining") ? State.DRAINING : State.ALIVE;
		return new Node(rs.getString("node_id"), rs.getString("roles"), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("heartbeat_at")), instant(rs.getTimestamp("lease_until")), state,
				(state == State.LOST) ? rs.getString("lost_reason") : null, pairs(rs.getString("runs")),
				pairs(rs.getString("tasks")),
				rs.getString("software").lines().filter((line) -> !line.isBlank()).toList());
	}

	private static List<Pair> pairs(String aggregated) {
		if (aggregated == null) {
			return List.of();
		}
		return Arrays.stream(aggregated.split(",")).map((pair) -> {
			int space = pair.indexOf(' ');
			return new Pair(pair.substring(0, space), pair.substring(space + 1));
		}).toList();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** How a node stands. */
	public enum State {

		ALIVE, DRAINING, LOST

	}

	/**
	 * A node: {@code runs} are (run id, DAG) of the runs it holds, {@code tasks} (run id,
	 * task) of the tasks it runs now; {@code lostReason} says why it is presumed dead
	 * when the other nodes know (null when its lease simply ran out); {@code software} is
	 * what its {@link NodeSoftware} said at start.
	 */
	public record Node(String nodeId, String roles, Instant startedAt, Instant heartbeatAt, Instant leaseUntil,
			State state, String lostReason, List<Pair> runs, List<Pair> tasks, List<String> software) {
	}

	/** A run id with its DAG, or with one of its tasks. */
	public record Pair(String runId, String name) {
	}

}
