package io.sermonflow.run.jdbc;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sermonflow.admission.Waiting;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskLogLine;
import io.sermonflow.run.TaskStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Runs in PostgreSQL as staff and integrators see them, and the operators' actions on
 * them. State changes are guarded in SQL by the transition tables.
 */
@Repository
public class JdbcRunStore implements RunStore {

	/**
	 * Task states that did not end well: they run again when their run is queued again.
	 */
	static final List<String> UNSUCCESSFUL = List.of("FAILED", "UPSTREAM_FAILED", "CANCELLED", "SKIPPED", "RUNNING",
			"QUEUED");

	private final RunRows rows;

	private final JdbcClient jdbc;

	JdbcRunStore(RunRows rows) {
		this.rows = rows;
		this.jdbc = rows.jdbc();
	}

	@Override
	public void create(NewRun run) {
		Waiting waiting = (run.notBefore() != null) ? Waiting.backfill(run.backfillId(), run.notBefore()) : null;
		// one statement, so no claim ever sees the run without its tasks, whatever
		// transaction the caller is in (a run claimed between two inserts once launched
		// with no tasks)
		this.jdbc.sql("""
				WITH created AS (
				  INSERT INTO sf_run (run_id, dag_id, status, event_id, data, priority, max_attempts, concurrency_key,
				                      created_at, backfill_id, not_before, waiting_reason, eligible_at, traceparent,
				                      dag_version)
				  VALUES (:runId, :dagId, 'QUEUED', :eventId, :data::jsonb, :priority, :maxAttempts, :key, :now,
				          :backfillId, :notBefore, :reason, :notBefore, :traceparent, :version)
				  RETURNING run_id)
				INSERT INTO sf_task (run_id, task_id, position, status)
				SELECT created.run_id, task.id, task.ord - 1, 'PENDING'
				FROM created, jsonb_array_elements_text(:tasks::jsonb) WITH ORDINALITY AS task(id, ord)""")
			.param("traceparent", run.traceparent())
			.param("backfillId", run.backfillId())
			.param("notBefore", RunRows.timestamp(run.notBefore()))
			.param("reason", (waiting != null) ? waiting.text() : null)
			.param("runId", run.runId())
			.param("dagId", run.dagId())
			.param("eventId", run.eventId())
			.param("data", this.rows.json().writeValueAsString(run.data()))
			.param("priority", run.priority())
			.param("maxAttempts", run.maxAttempts())
			.param("key", run.concurrencyKey())
			.param("now", this.rows.now())
			.param("version", run.dagVersion())
			.param("tasks", this.rows.json().writeValueAsString(run.taskIds()))
			.update();
		this.rows.signalQueued();
	}

	@Override
	public Optional<Run> find(String runId) {
		return this.jdbc.sql("SELECT " + RunRows.RUN_COLUMNS + """
				, n.heartbeat_at AS node_heartbeat_at, n.lease_until AS node_lease_until, now() AS db_now
				FROM sf_run r LEFT JOIN sf_node n ON n.node_id = r.node_id AND r.status = 'RUNNING'
				WHERE r.run_id = ?""").param(runId).query((rs, i) -> {
			Run run = this.rows.run(rs, i);
			Instant lease = RunRows.instant(rs, "node_lease_until");
			Instant now = RunRows.instant(rs, "db_now");
			if (run.status() == RunStatus.RUNNING && (lease == null || lease.isBefore(now))) {
				Instant heartbeat = RunRows.instant(rs, "node_heartbeat_at");
				Waiting recovering = Waiting.recovering(run.nodeId(),
						(heartbeat != null) ? Duration.between(heartbeat, now) : null);
				return new Run(run.runId(), run.dagId(), run.status(), run.attempt(), run.maxAttempts(),
						run.generation(), run.eventId(), run.data(), run.priority(), recovering.text(), run.nodeId(),
						run.jobExecutionId(), run.error(), run.createdAt(), run.startedAt(), run.endedAt(),
						run.retryAt(), run.cancelRequested(), run.onFailure(), run.traceparent(), run.backfillId(),
						run.tasks(), run.dagVersion(), null, run.epoch(), run.recoveredFrom());
			}
			return run;
		}).optional().map((run) -> run.withTasks(this.rows.tasksOf(runId)));
	}

	@Override
	public List<Run> list(RunQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + RunRows.RUN_COLUMNS + " FROM sf_run r WHERE true");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.dagId() != null) {
			sql.append(" AND r.dag_id = :dag");
			params.put("dag", query.dagId());
		}
		if (query.backfillId() != null) {
			sql.append(" AND r.backfill_id = :backfill");
			params.put("backfill", query.backfillId());
		}
		if (query.status() != null) {
			sql.append(" AND r.status = :status");
			params.put("status", query.status().name());
		}
		if (query.before() != null) {
			sql.append(" AND r.created_at < :before");
			params.put("before", Timestamp.from(query.before()));
		}
		if (query.since() != null) {
			sql.append(" AND r.created_at >= :since");
			params.put("since", Timestamp.from(query.since()));
		}
		sql.append(" ORDER BY r.created_at DESC, r.run_id DESC LIMIT :limit");
		params.put("limit", query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(this.rows::run).list();
	}

	@Override
	public List<String> runsOfEvent(String eventId) {
		return this.jdbc.sql("SELECT run_id FROM sf_run WHERE event_id = ? ORDER BY seq")
			.param(eventId)
			.query(String.class)
			.list();
	}

	@Override
	public List<TaskLogLine> logs(String runId, String taskId, int limit) {
		return this.jdbc
			.sql("SELECT at, level, message FROM sf_task_log WHERE run_id = ? AND task_id = ? ORDER BY id LIMIT ?")
			.params(runId, taskId, limit)
			.query((rs, i) -> new TaskLogLine(rs.getTimestamp("at").toInstant(), rs.getString("level"),
					rs.getString("message")))
			.list();
	}

	@Override
	public boolean requeue(String runId, Set<RunStatus> from) {
		RunRows.checkSources(from, RunStatus.QUEUED);
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'QUEUED', attempt = attempt + 1, error = NULL, ended_at = NULL,
				       retry_at = NULL, node_id = NULL, waiting_reason = NULL, eligible_at = NULL,
				       cancel_requested = FALSE, on_failure_status = NULL, on_failure_at = NULL,
				       on_failure_result = NULL, on_failure_error = NULL, on_failure_attempts = 0,
				       on_failure_due_at = NULL, on_failure_node = NULL
				WHERE run_id = :runId AND status IN (:from)""")
			.param("runId", runId)
			.param("from", RunRows.names(from))
			.update();
		if (updated == 1) {
			this.rows.resetTasks(runId, UNSUCCESSFUL, List.of());
			this.rows.signalQueued();
		}
		return updated == 1;
	}

	@Override
	public boolean clear(String runId, Collection<String> taskIds) {
		List<RunStatus> ended = List.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED);
		RunRows.checkSources(ended, RunStatus.QUEUED);
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'QUEUED', generation = generation + 1, attempt = 1, error = NULL,
				       ended_at = NULL, retry_at = NULL, node_id = NULL, waiting_reason = NULL, eligible_at = NULL,
				       job_execution_id = NULL, cancel_requested = FALSE, on_failure_status = NULL,
				       on_failure_at = NULL, on_failure_result = NULL, on_failure_error = NULL,
				       on_failure_attempts = 0, on_failure_due_at = NULL, on_failure_node = NULL
				WHERE run_id = :runId AND status IN (:from)""")
			.param("runId", runId)
			.param("from", RunRows.names(ended))
			.update();
		if (updated == 1) {
			this.rows.resetTasks(runId, UNSUCCESSFUL, taskIds);
			// a cleared mapped task runs all its pieces again
			if (!taskIds.isEmpty()) {
				this.jdbc.sql("DELETE FROM sf_task_piece WHERE run_id = :runId AND task_id IN (:taskIds)")
					.param("runId", runId)
					.param("taskIds", List.copyOf(taskIds))
					.update();
			}
			this.rows.signalQueued();
		}
		return updated == 1;
	}

	@Override
	public boolean cancelWaiting(String runId) {
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'CANCELLED', ended_at = :now, retry_at = NULL, waiting_reason = NULL,
				       eligible_at = NULL
				WHERE run_id = :runId AND status IN ('QUEUED', 'RETRY_WAIT')""")
			.param("now", this.rows.now())
			.param("runId", runId)
			.update();
		if (updated == 1) {
			this.rows.closeUnfinishedTasks(runId, TaskStatus.CANCELLED);
		}
		return updated == 1;
	}

	@Override
	public boolean requestCancel(String runId) {
		return this.jdbc.sql("UPDATE sf_run SET cancel_requested = TRUE WHERE run_id = ? AND status = 'RUNNING'")
			.param(runId)
			.update() == 1;
	}

}
