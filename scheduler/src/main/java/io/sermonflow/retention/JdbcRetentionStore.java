package io.sermonflow.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's history past its horizons: finished runs with their Spring Batch rows,
 * task logs, events, dead letters and fired timers. Each purge is one short transaction
 * over at most a batch of rows, oldest first.
 */
class JdbcRetentionStore {

	/**
	 * Finished runs past the cutoff, never the latest run of a DAG (the console and the
	 * DAG's schedule start from it); rows another transaction holds are left for later.
	 */
	private static final String EXPIRED_RUNS = """
			FROM sf_run r
			WHERE r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND r.ended_at < :cutoff
			  AND r.seq < (SELECT l.seq FROM sf_run l WHERE l.dag_id = r.dag_id ORDER BY l.seq DESC LIMIT 1)""";

	/**
	 * Events the intake has recorded (an event still in flight is never forgotten) that
	 * no kept run refers to: a run keeps its event as long as the run is kept.
	 */
	private static final String EXPIRED_EVENTS = """
			FROM sf_event e WHERE e.accepted_at < :cutoff AND e.recorded_at IS NOT NULL
			  AND NOT EXISTS (SELECT 1 FROM sf_run r WHERE r.event_id = e.event_id)""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	JdbcRetentionStore(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	long countRuns(Instant cutoff) {
		return count("SELECT count(*) " + EXPIRED_RUNS, cutoff);
	}

	/**
	 * Deletes finished runs (their tasks, logs and pool rows go with them) and the Spring
	 * Batch executions and instances launched for them, in one transaction.
	 */
	int purgeRuns(Instant cutoff, int limit) {
		Integer purged = this.transaction.execute((status) -> {
			List<String> runIds = this.jdbc
				.sql("SELECT r.run_id " + EXPIRED_RUNS
						+ " ORDER BY r.ended_at LIMIT :limit FOR UPDATE OF r SKIP LOCKED")
				.param("cutoff", Timestamp.from(cutoff))
				.param("limit", limit)
				.query(String.class)
				.list();
			if (runIds.isEmpty()) {
				return 0;
			}
			purgeBatchRows(runIds);
			return this.jdbc.sql("DELETE FROM sf_run WHERE run_id IN (:runs)").param("runs", runIds).update();
		});
		return (purged != null) ? purged : 0;
	}

	private void purgeBatchRows(List<String> runIds) {
		List<Long> executions = this.jdbc.sql("""
				SELECT job_execution_id FROM batch_job_execution_params
				WHERE parameter_name = 'runId' AND parameter_value IN (:runs)""")
			.param("runs", runIds)
			.query(Long.class)
			.list();
		if (executions.isEmpty()) {
			return;
		}
		List<Long> instances = this.jdbc
			.sql("SELECT DISTINCT job_instance_id FROM batch_job_execution WHERE job_execution_id IN (:executions)")
			.param("executions", executions)
			.query(Long.class)
			.list();
		this.jdbc.sql("""
				DELETE FROM batch_step_execution_context WHERE step_execution_id IN (
				  SELECT step_execution_id FROM batch_step_execution WHERE job_execution_id IN (:executions))""")
			.param("executions", executions)
			.update();
		for (String table : List.of("batch_step_execution", "batch_job_execution_context", "batch_job_execution_params",
				"batch_job_execution")) {
			this.jdbc.sql("DELETE FROM " + table + " WHERE job_execution_id IN (:executions)")
				.param("executions", executions)
				.update();
		}
		this.jdbc.sql("""
				DELETE FROM batch_job_instance i WHERE i.job_instance_id IN (:instances)
				  AND NOT EXISTS (SELECT 1 FROM batch_job_execution e WHERE e.job_instance_id = i.job_instance_id)""")
			.param("instances", instances)
			.update();
	}

	long countTaskLogs(Instant cutoff) {
		return count("SELECT count(*) FROM sf_task_log WHERE at < :cutoff", cutoff);
	}

	int purgeTaskLogs(Instant cutoff, int limit) {
		return purge("""
				DELETE FROM sf_task_log WHERE id IN (
				  SELECT id FROM sf_task_log WHERE at < :cutoff ORDER BY at LIMIT :limit)""", cutoff, limit);
	}

	long countEvents(Instant cutoff) {
		return count("SELECT count(*) " + EXPIRED_EVENTS, cutoff);
	}

	int purgeEvents(Instant cutoff, int limit) {
		return purge("DELETE FROM sf_event WHERE event_id IN (SELECT e.event_id " + EXPIRED_EVENTS
				+ " ORDER BY e.accepted_at LIMIT :limit FOR UPDATE OF e SKIP LOCKED)", cutoff, limit);
	}

	long countDeadLetters(Instant cutoff) {
		return count("SELECT count(*) FROM sf_dead_letter WHERE dead_at < :cutoff", cutoff);
	}

	int purgeDeadLetters(Instant cutoff, int limit) {
		return purge("""
				DELETE FROM sf_dead_letter WHERE message_id IN (
				  SELECT message_id FROM sf_dead_letter WHERE dead_at < :cutoff ORDER BY dead_at LIMIT :limit)""",
				cutoff, limit);
	}

	long countFiredTimers(Instant cutoff) {
		return count("SELECT count(*) FROM sf_schedule WHERE kind = 'at' AND fired_at < :cutoff", cutoff);
	}

	int purgeFiredTimers(Instant cutoff, int limit) {
		return purge("""
				DELETE FROM sf_schedule WHERE schedule_id IN (
				  SELECT schedule_id FROM sf_schedule WHERE kind = 'at' AND fired_at < :cutoff
				  ORDER BY fired_at LIMIT :limit)""", cutoff, limit);
	}

	private long count(String sql, Instant cutoff) {
		return this.jdbc.sql(sql).param("cutoff", Timestamp.from(cutoff)).query(Long.class).single();
	}

	private int purge(String sql, Instant cutoff, int limit) {
		return this.jdbc.sql(sql).param("cutoff", Timestamp.from(cutoff)).param("limit", limit).update();
	}

}
