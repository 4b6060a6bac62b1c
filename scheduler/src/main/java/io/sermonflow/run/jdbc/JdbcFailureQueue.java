package io.sermonflow.run.jdbc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.sermonflow.run.FailureQueue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The onFailure work of failed runs, in their rows of sf_run: claimed with
 * {@code FOR UPDATE SKIP LOCKED}, each claim naming the node and the attempt, so the
 * outcome of a handler that another node took over is not recorded.
 */
@Repository
class JdbcFailureQueue implements FailureQueue {

	private static final String CLAIM = """
			UPDATE sf_run r SET on_failure_status = 'RUNNING', on_failure_node = :node, on_failure_at = :now,
			       on_failure_attempts = r.on_failure_attempts + 1
			WHERE r.run_id IN (
			    SELECT x.run_id FROM sf_run x LEFT JOIN sf_node n ON n.node_id = x.on_failure_node
			    WHERE x.status = 'FAILED' AND %s
			      AND ((x.on_failure_status = 'PENDING' AND COALESCE(x.on_failure_due_at, '-infinity') <= :now)
			           OR (x.on_failure_status = 'RUNNING' AND (n.node_id IS NULL OR n.lease_until < now()
			               OR (x.on_failure_node = :node AND x.run_id NOT IN (:busy)))))
			    ORDER BY x.on_failure_due_at LIMIT :limit FOR UPDATE OF x SKIP LOCKED)
			RETURNING\s""";

	private final RunRows rows;

	private final JdbcClient jdbc;

	JdbcFailureQueue(RunRows rows) {
		this.rows = rows;
		this.jdbc = rows.jdbc();
	}

	@Override
	public List<Due> claimDue(String nodeId, Collection<String> dagIds, Collection<String> busy, int limit) {
		if (dagIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(CLAIM.formatted("x.dag_id IN (:dags)") + RunRows.RUN_COLUMNS)
			.param("dags", List.copyOf(dagIds))
			.param("busy", busy.isEmpty() ? List.of("") : List.copyOf(busy))
			.param("node", nodeId)
			.param("now", this.rows.now())
			.param("limit", limit)
			.query((rs, i) -> due(rs, i, nodeId))
			.list();
	}

	@Override
	public List<Due> claim(String runId, String nodeId) {
		return this.jdbc.sql(CLAIM.formatted("x.run_id = :runId") + RunRows.RUN_COLUMNS)
			.param("runId", runId)
			.param("busy", List.of(runId))
			.param("node", nodeId)
			.param("now", this.rows.now())
			.param("limit", 1)
			.query((rs, i) -> due(rs, i, nodeId))
			.list();
	}

	private Due due(java.sql.ResultSet rs, int row, String nodeId) throws java.sql.SQLException {
		return new Due(this.rows.run(rs, row).withTasks(this.rows.tasksOf(rs.getString("run_id"))),
				rs.getInt("on_failure_attempts"), nodeId);
	}

	@Override
	public boolean done(Due due, String status, String resultJson) {
		return this.jdbc.sql("""
				UPDATE sf_run SET on_failure_status = :status, on_failure_at = :now, on_failure_result = :result::jsonb,
				       on_failure_error = NULL, on_failure_due_at = NULL
				WHERE run_id = :runId AND status = 'FAILED' AND on_failure_status = 'RUNNING'
				  AND on_failure_node = :node AND on_failure_attempts = :attempt""")
			.param("status", status)
			.param("now", this.rows.now())
			.param("result", resultJson)
			.param("runId", due.run().runId())
			.param("node", due.nodeId())
			.param("attempt", due.attempt())
			.update() == 1;
	}

	@Override
	public boolean failed(Due due, String error, Instant retryAt) {
		return this.jdbc.sql("""
				UPDATE sf_run SET on_failure_status = :status, on_failure_at = :now, on_failure_error = :error,
				       on_failure_due_at = :retryAt
				WHERE run_id = :runId AND status = 'FAILED' AND on_failure_status = 'RUNNING'
				  AND on_failure_node = :node AND on_failure_attempts = :attempt""")
			.param("status", (retryAt != null) ? "PENDING" : "FAILED")
			.param("now", this.rows.now())
			.param("error", error)
			.param("retryAt", RunRows.timestamp(retryAt))
			.param("runId", due.run().runId())
			.param("node", due.nodeId())
			.param("attempt", due.attempt())
			.update() == 1;
	}

}
