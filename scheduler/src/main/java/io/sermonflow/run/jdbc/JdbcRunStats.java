package io.sermonflow.run.jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.sermonflow.run.RunStats;
import io.sermonflow.run.RunStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the console summarises about runs: counts over time, failures grouped by cause,
 * active runs with their progress, and every attempt of every task as Spring Batch
 * recorded it. Read-only; each query is served by an index.
 */
@Repository
public class JdbcRunStats implements RunStats {

	private final JdbcClient jdbc;

	JdbcRunStats(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Runs created per hour since {@code since}, by status. */
	@Override
	public List<StatusCount> statusByHour(Instant since) {
		return this.jdbc.sql("""
				SELECT date_trunc('hour', created_at) AS hour, status, count(*) AS runs, sum(attempt - 1) AS retries
				FROM sf_run WHERE created_at >= ? GROUP BY 1, 2 ORDER BY 1""")
			.param(Timestamp.from(since))
			.query((rs, row) -> new StatusCount(rs.getTimestamp("hour").toInstant(),
					RunStatus.valueOf(rs.getString("status")), rs.getLong("runs"), rs.getLong("retries")))
			.list();
	}

	/**
	 * Failed runs grouped by DAG and the failed task's error type, most frequent first.
	 */
	@Override
	public List<FailureGroup> failureGroups(int limit) {
		return this.jdbc.sql("""
				SELECT r.dag_id, COALESCE(t.error_type, 'run error') AS error_type, count(DISTINCT r.run_id) AS runs,
				       max(r.ended_at) AS latest, min(COALESCE(t.error_message, r.error)) AS example
				FROM sf_run r LEFT JOIN sf_task t ON t.run_id = r.run_id AND t.status = 'FAILED'
				WHERE r.status = 'FAILED'
				GROUP BY 1, 2 ORDER BY runs DESC, latest DESC LIMIT ?""")
			.param(limit)
			.query((rs, row) -> new FailureGroup(rs.getString("dag_id"), rs.getString("error_type"), rs.getLong("runs"),
					instant(rs.getTimestamp("latest")), rs.getString("example")))
			.list();
	}

	/** The failed runs of one group, newest first. */
	@Override
	public List<String> failedRuns(String dagId, String errorType, int limit) {
		return this.jdbc.sql("""
				SELECT DISTINCT r.run_id, r.created_at FROM sf_run r
				LEFT JOIN sf_task t ON t.run_id = r.run_id AND t.status = 'FAILED'
				WHERE r.status = 'FAILED' AND r.dag_id = :dag AND COALESCE(t.error_type, 'run error') = :type
				ORDER BY r.created_at DESC LIMIT :limit""")
			.param("dag", dagId)
			.param("type", errorType)
			.param("limit", limit)
			.query((rs, row) -> rs.getString("run_id"))
			.list();
	}

	/** Runs not yet ended, newest first, with how many of their tasks are done. */
	@Override
	public List<ActiveRun> active(int limit) {
		return this.jdbc.sql("""
				SELECT r.run_id, r.dag_id, r.status, r.waiting_reason, r.created_at, r.started_at,
				       count(t.task_id) AS tasks,
				       count(t.task_id) FILTER (WHERE t.status IN ('SUCCEEDED', 'SKIPPED')) AS done
				FROM (SELECT * FROM sf_run WHERE status IN ('RUNNING', 'QUEUED', 'RETRY_WAIT')
				      ORDER BY created_at DESC LIMIT :limit) r
				LEFT JOIN sf_task t ON t.run_id = r.run_id
				GROUP BY r.run_id, r.dag_id, r.status, r.waiting_reason, r.created_at, r.started_at
				ORDER BY r.created_at DESC""")
			.param("limit", limit)
			.query((rs, row) -> new ActiveRun(rs.getString("run_id"), rs.getString("dag_id"),
					RunStatus.valueOf(rs.getString("status")), rs.getString("waiting_reason"),
					instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")), rs.getInt("done"),
					rs.getInt("tasks")))
			.list();
	}

	/** How many runs are in each state that has not ended. */
	@Override
	public List<StatusCount> activeCounts() {
		return this.jdbc.sql("""
				SELECT status, count(*) AS runs FROM sf_run WHERE status IN ('RUNNING', 'QUEUED', 'RETRY_WAIT')
				GROUP BY status""")
			.query((rs, row) -> new StatusCount(null, RunStatus.valueOf(rs.getString("status")), rs.getLong("runs"), 0))
			.list();
	}

	@Override
	public Instant oldestQueuedAt() {
		return this.jdbc.sql("""
				SELECT min(r.created_at) FROM sf_run r WHERE r.status = 'QUEUED'
				  AND NOT EXISTS (SELECT 1 FROM sf_dag_state d WHERE d.dag_id = r.dag_id AND d.paused)""")
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(null);
	}

	@Override
	public Instant lastSucceededAt(String dagId) {
		// newest first along the DAG's runs: stops at its latest success
		return this.jdbc.sql("""
				SELECT ended_at FROM sf_run WHERE dag_id = ? AND status = 'SUCCEEDED'
				ORDER BY seq DESC LIMIT 1""")
			.param(dagId)
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(null);
	}

	@Override
	public Instant installedAt() {
		return this.jdbc.sql("SELECT min(installed_on) FROM flyway_schema_history")
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	/**
	 * Every attempt of every task of a run, from Spring Batch's step executions across
	 * the run's generations and attempts, oldest first.
	 */
	@Override
	public List<TaskAttempt> attempts(String runId) {
		return this.jdbc.sql("""
				SELECT se.step_name, se.status, se.start_time, se.end_time, je.job_execution_id
				FROM batch_job_execution_params p
				JOIN batch_job_execution je ON je.job_execution_id = p.job_execution_id
				JOIN batch_step_execution se ON se.job_execution_id = je.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ?
				ORDER BY se.start_time NULLS LAST, se.step_execution_id""")
			.param(runId)
			.query((rs, row) -> new TaskAttempt(rs.getString("step_name"), rs.getString("status"),
					instant(rs.getTimestamp("start_time")), instant(rs.getTimestamp("end_time")),
					rs.getLong("job_execution_id")))
			.list();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
