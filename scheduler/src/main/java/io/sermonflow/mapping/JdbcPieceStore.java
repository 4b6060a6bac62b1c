package io.sermonflow.mapping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.admission.PoolSlots;
import io.sermonflow.signal.RunsQueuedSignal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pieces as rows of {@code sf_task_piece}. A claim takes the pool's lock
 * ({@link PoolSlots#room}), so pieces and whole tasks never hold more of a pool than it
 * has. Plans, claims and cancels run in their own transactions: the task that plans and
 * waits runs inside its step's transaction, which commits only when the task ends.
 */
@Component
class JdbcPieceStore implements PieceStore {

	/** The piece is this node's, in this attempt, and its run still runs. */
	private static final String HELD = """
			run_id = :runId AND task_id = :taskId AND piece = :piece AND status = 'RUNNING' AND node_id = :nodeId
			AND attempt = :attempt""";

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final PoolSlots pools;

	private final Clock clock;

	JdbcPieceStore(JdbcClient jdbc, PlatformTransactionManager transactions, PoolSlots pools, Clock clock) {
		this.jdbc = jdbc;
		this.pools = pools;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void plan(String runId, String taskId, String pool, List<String> items) {
		Timestamp now = now();
		this.ownTransaction.executeWithoutResult((tx) -> {
			for (int i = 0; i < items.size(); i++) {
				this.jdbc.sql("""
						INSERT INTO sf_task_piece (run_id, task_id, piece, pool, item, status, queued_at)
						VALUES (:runId, :taskId, :piece, :pool, CAST(:item AS JSONB), 'QUEUED', :now)
						ON CONFLICT (run_id, task_id, piece) DO UPDATE SET item = EXCLUDED.item, pool = EXCLUDED.pool,
						       status = 'QUEUED', node_id = NULL, failures = 0, output = NULL, error = NULL,
						       retryable = NULL, note = NULL, queued_at = EXCLUDED.queued_at, started_at = NULL,
						       finished_at = NULL
						WHERE sf_task_piece.item <> EXCLUDED.item OR sf_task_piece.status IN ('FAILED', 'CANCELLED')""")
					.param("runId", runId)
					.param("taskId", taskId)
					.param("piece", i)
					.param("pool", pool)
					.param("item", items.get(i))
					.param("now", now)
					.update();
			}
			this.jdbc.sql("DELETE FROM sf_task_piece WHERE run_id = ? AND task_id = ? AND piece >= ?")
				.params(runId, taskId, items.size())
				.update();
			RunsQueuedSignal.send(this.jdbc);
		});
	}

	@Override
	public Optional<Piece> claim(String pool, String nodeId, Collection<String> tasks) {
		if (tasks.isEmpty() || !this.jdbc
			.sql("""
					SELECT EXISTS (SELECT 1 FROM sf_task_piece p JOIN sf_run r ON r.run_id = p.run_id AND r.status = 'RUNNING'
					               WHERE p.pool = :pool AND p.status = 'QUEUED' AND (r.dag_id || '/' || p.task_id) IN (:tasks))""")
			.param("pool", pool)
			.param("tasks", List.copyOf(tasks))
			.query(Boolean.class)
			.single()) {
			return Optional.empty();
		}
		return this.ownTransaction.execute((tx) -> {
			if (!this.pools.room(pool, nodeId).ready()) {
				return Optional.empty();
			}
			return this.jdbc.sql("""
					WITH next AS (
					    SELECT p.run_id, p.task_id, p.piece FROM sf_task_piece p
					    JOIN sf_run r ON r.run_id = p.run_id AND r.status = 'RUNNING'
					    WHERE p.pool = :pool AND p.status = 'QUEUED' AND (r.dag_id || '/' || p.task_id) IN (:tasks)
					    ORDER BY r.priority DESC, p.queued_at, p.run_id, p.piece LIMIT 1 FOR UPDATE OF p SKIP LOCKED)
					UPDATE sf_task_piece p SET status = 'RUNNING', node_id = :nodeId, attempt = p.attempt + 1,
					       started_at = :now, finished_at = NULL, note = NULL
					FROM next, sf_run r
					WHERE p.run_id = next.run_id AND p.task_id = next.task_id AND p.piece = next.piece
					  AND r.run_id = p.run_id
					RETURNING p.run_id, r.dag_id, r.epoch, CAST(r.data AS TEXT) AS data, p.task_id, p.piece,
					          CAST(p.item AS TEXT) AS item, p.attempt, p.failures""")
				.param("pool", pool)
				.param("tasks", List.copyOf(tasks))
				.param("nodeId", nodeId)
				.param("now", now())
				.query((rs, i) -> new Piece(rs.getString("run_id"), rs.getString("dag_id"), rs.getLong("epoch"),
						rs.getString("data"), rs.getString("task_id"), rs.getInt("piece"), rs.getString("item"), nodeId,
						rs.getInt("attempt"), rs.getInt("failures")))
				.optional();
		});
	}

	@Override
	public boolean succeeded(Piece piece, String outputJson) {
		return this.jdbc
			.sql("UPDATE sf_task_piece SET status = 'SUCCEEDED', output = CAST(:output AS JSONB), "
					+ "finished_at = :now WHERE " + HELD)
			.params(held(piece))
			.param("output", outputJson)
			.param("now", now())
			.update() == 1;
	}

	@Override
	public boolean failed(Piece piece, String error, boolean retryable) {
		return this.jdbc
			.sql("UPDATE sf_task_piece SET status = 'FAILED', failures = failures + 1, error = :error, "
					+ "retryable = :retryable, finished_at = :now WHERE " + HELD)
			.params(held(piece))
			.param("error", error)
			.param("retryable", retryable)
			.param("now", now())
			.update() == 1;
	}

	@Override
	public boolean failedForNow(Piece piece, String error) {
		return requeue(piece, "failures = failures + 1, error = :why, ", error);
	}

	@Override
	public boolean giveBack(Piece piece, String why) {
		return requeue(piece, "", why);
	}

	private boolean requeue(Piece piece, String counted, String why) {
		return this.ownTransaction.execute((tx) -> {
			boolean requeued = this.jdbc
				.sql("UPDATE sf_task_piece SET status = 'QUEUED', node_id = NULL, " + counted
						+ "note = :why, queued_at = :now, finished_at = :now WHERE " + HELD)
				.params(held(piece))
				.param("why", why)
				.param("now", now())
				.update() == 1;
			if (requeued) {
				RunsQueuedSignal.send(this.jdbc);
			}
			return requeued;
		});
	}

	@Override
	public boolean isHeld(Piece piece) {
		// a run queued again after its node was lost keeps its pieces going: it resumes
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM sf_task_piece WHERE " + HELD + " AND EXISTS ("
				+ "SELECT 1 FROM sf_run r WHERE r.run_id = :runId AND r.status IN ('QUEUED', 'RUNNING', 'RETRY_WAIT')))")
			.params(held(piece))
			.query(Boolean.class)
			.single();
	}

	@Override
	public PieceTally tally(String runId, String taskId) {
		return this.jdbc.sql("""
				SELECT count(*) AS total, count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,
				       count(*) FILTER (WHERE status = 'RUNNING') AS running,
				       (array_agg(piece ORDER BY piece) FILTER (WHERE status = 'FAILED'))[1] AS failed_piece,
				       (array_agg(error ORDER BY piece) FILTER (WHERE status = 'FAILED'))[1] AS error,
				       (array_agg(retryable ORDER BY piece) FILTER (WHERE status = 'FAILED'))[1] AS retryable
				FROM sf_task_piece WHERE run_id = ? AND task_id = ?""")
			.params(runId, taskId)
			.query((rs, i) -> new PieceTally(rs.getInt("total"), rs.getInt("succeeded"), rs.getInt("running"),
					(Integer) rs.getObject("failed_piece"), rs.getString("error"), rs.getBoolean("retryable")))
			.single();
	}

	@Override
	public List<String> outputs(String runId, String taskId) {
		return this.jdbc
			.sql("SELECT CAST(output AS TEXT) FROM sf_task_piece WHERE run_id = ? AND task_id = ? ORDER BY piece")
			.params(runId, taskId)
			.query(String.class)
			.list();
	}

	@Override
	public int cancel(String runId, String taskId, String why) {
		return this.ownTransaction.execute((tx) -> this.jdbc.sql("""
				UPDATE sf_task_piece SET status = 'CANCELLED', note = ?, finished_at = ?
				WHERE run_id = ? AND task_id = ? AND status IN ('QUEUED', 'RUNNING')""")
			.params(why, now(), runId, taskId)
			.update());
	}

	@Override
	public int requeueLost() {
		return this.ownTransaction.execute((tx) -> {
			int requeued = this.jdbc.sql("""
					UPDATE sf_task_piece p SET status = 'QUEUED', note = 'its node ' || p.node_id || ' was lost',
					       node_id = NULL, queued_at = :now
					WHERE p.status = 'RUNNING' AND NOT EXISTS (
					    SELECT 1 FROM sf_node n WHERE n.node_id = p.node_id AND n.lease_until >= now())""")
				.param("now", now())
				.update();
			if (requeued > 0) {
				RunsQueuedSignal.send(this.jdbc);
			}
			return requeued;
		});
	}

	@Override
	public List<PieceView> pieces(String runId) {
		return this.jdbc
			.sql("""
					SELECT task_id, piece, status, node_id, attempt, failures, queued_at, started_at, finished_at, error, note
					FROM sf_task_piece WHERE run_id = ? ORDER BY task_id, piece""")
			.param(runId)
			.query((rs, i) -> new PieceView(rs.getString("task_id"), rs.getInt("piece"),
					PieceStatus.valueOf(rs.getString("status")), rs.getString("node_id"), rs.getInt("attempt"),
					rs.getInt("failures"), instant(rs, "queued_at"), instant(rs, "started_at"),
					instant(rs, "finished_at"), rs.getString("error"), rs.getString("note")))
			.list();
	}

	private static Map<String, Object> held(Piece piece) {
		return Map.of("runId", piece.runId(), "taskId", piece.taskId(), "piece", piece.index(), "nodeId",
				piece.nodeId(), "attempt", piece.attempt());
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return (at != null) ? at.toInstant() : null;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
