package io.sermonflow.run.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.signal.RunsQueuedSignal;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the run stores share: the columns of a run, how a row becomes a {@link Run} or a
 * {@link TaskRun}, the clock, and the signal that runs were queued.
 */
@Component
class RunRows {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** The PostgreSQL notification channel on which queued runs are announced. */

	/** The columns of sf_run a {@link Run} is made of, for a table aliased {@code r}. */
	static final String RUN_COLUMNS = """
			r.run_id, r.dag_id, r.status, r.attempt, r.max_attempts, r.generation, r.event_id, r.data::text AS data,
			r.priority, r.waiting_reason, r.node_id, r.job_execution_id, r.error, r.created_at, r.started_at,
			r.ended_at, r.retry_at, r.cancel_requested, r.on_failure_status, r.on_failure_at,
			r.on_failure_result::text AS on_failure_result, r.on_failure_error, r.on_failure_attempts,
			r.on_failure_due_at, r.on_failure_node, r.traceparent, r.backfill_id, r.dag_version, r.eligible_at,
			r.epoch, r.recovered_from""";

	/**
	 * A condition (with parameters {@code runId}, {@code node}, {@code epoch}) that holds
	 * while the claim does; it takes a share lock on the run's row, so a recovery waits
	 * for the caller's transaction and then finds the run as that left it.
	 */
	static final String CLAIM_HELD = """
			SELECT 1 FROM sf_run WHERE run_id = :runId AND node_id = :node AND epoch = :epoch
			AND status = 'RUNNING' FOR SHARE""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	RunRows(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	JdbcClient jdbc() {
		return this.jdbc;
	}

	JsonMapper json() {
		return this.json;
	}

	Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	/**
	 * Tells every node's dispatcher that runs were queued. PostgreSQL delivers the
	 * notification when the caller's transaction commits, and never if it rolls back.
	 */
	void signalQueued() {
		RunsQueuedSignal.send(this.jdbc);
	}

	Run run(ResultSet rs, int row) throws SQLException {
		Run.OnFailure onFailure = (rs.getString("on_failure_status") != null) ? new Run.OnFailure(
				rs.getString("on_failure_status"), instant(rs, "on_failure_at"), rs.getString("on_failure_result"),
				rs.getString("on_failure_error"), rs.getInt("on_failure_attempts"), instant(rs, "on_failure_due_at"),
				rs.getString("on_failure_node")) : null;
		return new Run(rs.getString("run_id"), rs.getString("dag_id"), RunStatus.valueOf(rs.getString("status")),
				rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getInt("generation"), rs.getString("event_id"),
				this.json.readValue(rs.getString("data"), MAP), rs.getInt("priority"), rs.getString("waiting_reason"),
				rs.getString("node_id"), rs.getObject("job_execution_id", Long.class), rs.getString("error"),
				instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "ended_at"), instant(rs, "retry_at"),
				rs.getBoolean("cancel_requested"), onFailure, rs.getString("traceparent"), rs.getString("backfill_id"),
				List.of(), rs.getString("dag_version"), instant(rs, "eligible_at"), rs.getLong("epoch"),
				rs.getString("recovered_from"));
	}

	List<TaskRun> tasksOf(String runId) {
		return this.jdbc.sql("""
				SELECT task_id, status, attempts, started_at, ended_at, output::text AS output, error_type,
				       error_message, error_retryable, error_stack, progress_done, progress_total, node_id
				FROM sf_task WHERE run_id = ? ORDER BY position""").param(runId).query((rs, i) -> {
			TaskRun.TaskError error = (rs.getString("error_type") != null)
					? new TaskRun.TaskError(rs.getString("error_type"), rs.getString("error_message"),
							rs.getBoolean("error_retryable"), rs.getString("error_stack"))
					: null;
			return new TaskRun(rs.getString("task_id"), TaskStatus.valueOf(rs.getString("status")),
					rs.getInt("attempts"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("output"),
					error, rs.getObject("progress_done", Long.class), rs.getObject("progress_total", Long.class),
					rs.getString("node_id"));
		}).list();
	}

	/** The tasks of a claimed run, ids and states only, as a claim returns them. */
	static List<TaskRun> taskStates(String aggregated) {
		List<TaskRun> tasks = new ArrayList<>();
		if (aggregated != null) {
			for (String pair : aggregated.split(",")) {
				int colon = pair.lastIndexOf(':');
				tasks.add(new TaskRun(pair.substring(0, colon), TaskStatus.valueOf(pair.substring(colon + 1)), 0, null,
						null, null, null, null, null, null));
			}
		}
		return tasks;
	}

	/**
	 * Puts the tasks of a run into PENDING again: those whose state is one of
	 * {@code unsuccessful}, and the given ones; a succeeded task put back loses its
	 * result.
	 */
	void resetTasks(String runId, List<String> unsuccessful, Collection<String> alsoThese) {
		this.jdbc
			.sql("""
					UPDATE sf_task SET status = 'PENDING', output = CASE WHEN status = 'SUCCEEDED' THEN NULL ELSE output END,
					       progress_done = NULL, progress_total = NULL
					WHERE run_id = :runId AND (status IN (:unsuccessful) OR task_id IN (:these))""")
			.param("runId", runId)
			.param("unsuccessful", unsuccessful)
			// an IN list may not be empty
			.param("these", alsoThese.isEmpty() ? List.of("") : List.copyOf(alsoThese))
			.update();
	}

	/**
	 * Marks every unfinished task of a run (after the run ended) with the given status.
	 */
	void closeUnfinishedTasks(String runId, TaskStatus status) {
		this.jdbc.sql("""
				UPDATE sf_task SET status = :status,
				       ended_at = CASE WHEN started_at IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END
				WHERE run_id = :runId AND status IN (:sources)""")
			.param("status", status.name())
			.param("now", now())
			.param("runId", runId)
			.param("sources", unfinishedSourcesOf(status))
			.update();
	}

	static List<String> unfinishedSourcesOf(TaskStatus status) {
		return names(TaskStatus.sourcesOf(status).stream().filter((s) -> !s.isFinished()).toList());
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return (ts != null) ? ts.toInstant() : null;
	}

	static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	static List<String> names(Collection<? extends Enum<?>> statuses) {
		List<String> names = new ArrayList<>();
		statuses.forEach((s) -> names.add(s.name()));
		return names;
	}

	/** Checks a move against the run transition table; an illegal one is a bug. */
	static void checkSources(Collection<RunStatus> from, RunStatus next) {
		for (RunStatus source : from) {
			source.moveTo(next);
		}
	}

}
