package io.sermonflow.run.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.sermonflow.admission.Admission;
import io.sermonflow.admission.Candidate;
import io.sermonflow.admission.Limits;
import io.sermonflow.admission.Readiness;
import io.sermonflow.run.IllegalTransitionException;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskLogLine;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStart;
import io.sermonflow.run.TaskStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs and tasks in PostgreSQL. State changes are guarded in SQL by the transition
 * tables.
 */
@Repository
public class JdbcRunStore implements RunStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** The PostgreSQL notification channel on which queued runs are announced. */
	public static final String RUNS_QUEUED_CHANNEL = "sermonflow_runs_queued";

	/**
	 * How many queued runs one admission round looks at, in priority and arrival order.
	 */
	private static final int ADMISSION_SCAN = 500;

	/** The advisory lock that serialises admission across nodes. */
	private static final long ADMISSION_LOCK = 0x5E4D0F10L;

	private static final String RUN_COLUMNS = """
			run_id, dag_id, status, attempt, max_attempts, generation, event_id, data::text AS data, priority,
			waiting_reason, node_id, job_execution_id, error, created_at, started_at, ended_at, retry_at,
			cancel_requested, on_failure_status, on_failure_at, on_failure_result::text AS on_failure_result,
			on_failure_error, traceparent, backfill_id""";

	/**
	 * Task states that did not end well: they run again when their run is queued again.
	 */
	private static final List<String> UNSUCCESSFUL = List.of("FAILED", "UPSTREAM_FAILED", "CANCELLED", "SKIPPED",
			"RUNNING", "QUEUED");

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	JdbcRunStore(JdbcClient jdbc, JsonMapper json, Clock clock, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public void create(NewRun run) {
		this.jdbc.sql("""
				INSERT INTO sf_run (run_id, dag_id, status, event_id, data, priority, max_attempts, concurrency_key,
				                    created_at, backfill_id, not_before, waiting_reason, traceparent)
				VALUES (:runId, :dagId, 'QUEUED', :eventId, :data::jsonb, :priority, :maxAttempts, :key, :now,
				        :backfillId, :notBefore, :reason, :traceparent)""")
			.param("traceparent", run.traceparent())
			.param("backfillId", run.backfillId())
			.param("notBefore", (run.notBefore() != null) ? Timestamp.from(run.notBefore()) : null)
			.param("reason",
					(run.notBefore() != null) ? "backfill " + run.backfillId() + ": starts at " + run.notBefore()
							: null)
			.param("runId", run.runId())
			.param("dagId", run.dagId())
			.param("eventId", run.eventId())
			.param("data", this.json.writeValueAsString(run.data()))
			.param("priority", run.priority())
			.param("maxAttempts", run.maxAttempts())
			.param("key", run.concurrencyKey())
			.param("now", now())
			.update();
		int position = 0;
		for (String taskId : run.taskIds()) {
			this.jdbc.sql("INSERT INTO sf_task (run_id, task_id, position, status) VALUES (?, ?, ?, 'PENDING')")
				.params(run.runId(), taskId, position++)
				.update();
		}
		signalQueued();
	}

	/**
	 * Tells every node's dispatcher that runs were queued. PostgreSQL delivers the
	 * notification when the caller's transaction commits, and never if it rolls back.
	 */
	private void signalQueued() {
		this.jdbc.sql("SELECT pg_notify('" + RUNS_QUEUED_CHANNEL + "', '')").query().singleRow();
	}

	@Override
	public Optional<Run> find(String runId) {
		return this.jdbc.sql("SELECT " + RUN_COLUMNS + " FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(this::mapRun)
			.optional()
			.map((run) -> run.withTasks(tasksOf(runId)));
	}

	@Override
	public List<Run> list(RunQuery query) {
		StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM sf_run WHERE true");
		Map<String, Object> params = new LinkedHashMap<>();
		if (query.dagId() != null) {
			sql.append(" AND dag_id = :dag");
			params.put("dag", query.dagId());
		}
		if (query.backfillId() != null) {
			sql.append(" AND backfill_id = :backfill");
			params.put("backfill", query.backfillId());
		}
		if (query.status() != null) {
			sql.append(" AND status = :status");
			params.put("status", query.status().name());
		}
		if (query.before() != null) {
			sql.append(" AND created_at < :before");
			params.put("before", Timestamp.from(query.before()));
		}
		if (query.since() != null) {
			sql.append(" AND created_at >= :since");
			params.put("since", Timestamp.from(query.since()));
		}
		sql.append(" ORDER BY created_at DESC, run_id DESC LIMIT :limit");
		params.put("limit", query.limit());
		return this.jdbc.sql(sql.toString()).params(params).query(this::mapRun).list();
	}

	@Override
	public List<String> runsOfEvent(String eventId) {
		return this.jdbc.sql("SELECT run_id FROM sf_run WHERE event_id = ? ORDER BY seq")
			.param(eventId)
			.query(String.class)
			.list();
	}

	@Override
	public List<Run> claimQueued(String nodeId, Collection<String> dagIds, int freeWorkers,
			Function<String, Limits> limits) {
		if (freeWorkers <= 0 || dagIds.isEmpty()) {
			return List.of();
		}
		return this.ownTransaction.execute((tx) -> admit(nodeId, List.copyOf(dagIds), freeWorkers, limits));
	}

	private List<Run> admit(String nodeId, List<String> dagIds, int freeWorkers, Function<String, Limits> limits) {
		List<Object[]> queued = this.jdbc.sql("""
				SELECT run_id, dag_id, concurrency_key, waiting_reason FROM sf_run
				WHERE status = 'QUEUED' AND dag_id IN (:dags) AND (not_before IS NULL OR not_before <= :now)
				ORDER BY priority DESC, seq LIMIT :scan FOR UPDATE SKIP LOCKED""")
			.param("dags", dagIds)
			.param("now", now())
			.param("scan", ADMISSION_SCAN)
			.query((rs,
					i) -> new Object[] { new Candidate(rs.getString(1), rs.getString(2), rs.getString(3)),
							rs.getString(4) })
			.list();
		if (queued.isEmpty()) {
			return List.of();
		}
		// one admission at a time across all nodes, so two nodes never both take the last
		// slot
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(ADMISSION_LOCK).query().singleRow();
		List<Candidate> running = this.jdbc
			.sql("SELECT run_id, dag_id, concurrency_key FROM sf_run WHERE status = 'RUNNING' AND dag_id IN (:dags)")
			.param("dags", queued.stream().map((q) -> ((Candidate) q[0]).dagId()).distinct().toList())
			.query((rs, i) -> new Candidate(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
		java.util.Set<String> paused = new java.util.HashSet<>(
				this.jdbc.sql("SELECT dag_id FROM sf_dag_state WHERE paused").query(String.class).list());
		Function<String, Limits> withPause = (dag) -> paused.contains(dag) ? new Limits(true, 0, null, 0)
				: limits.apply(dag);
		Map<Candidate, Readiness> decisions = new Admission(running, withPause)
			.decide(queued.stream().map((q) -> (Candidate) q[0]).toList(), freeWorkers);
		for (Object[] q : queued) {
			Readiness readiness = decisions.get((Candidate) q[0]);
			// "no free worker" is this node's view, not the run's: another node may take
			// it
			boolean nodeLocal = !readiness.ready() && readiness.reason().contains("no free worker");
			if (!readiness.ready() && !nodeLocal && !readiness.reason().equals(q[1])) {
				this.jdbc.sql("UPDATE sf_run SET waiting_reason = ? WHERE run_id = ?")
					.params(readiness.reason(), ((Candidate) q[0]).runId())
					.update();
			}
		}
		List<String> admitted = Admission.admitted(decisions).stream().map(Candidate::runId).toList();
		if (admitted.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				UPDATE sf_run r SET status = 'RUNNING', node_id = :node, waiting_reason = NULL,
				       started_at = COALESCE(r.started_at, :now)
				WHERE r.run_id IN (:admitted) AND r.status = 'QUEUED'
				RETURNING r.run_id, r.dag_id, r.status, r.attempt, r.max_attempts, r.generation, r.event_id,
				          r.data::text AS data, r.priority, r.waiting_reason, r.node_id, r.job_execution_id, r.error,
				          r.created_at, r.started_at, r.ended_at, r.retry_at, r.cancel_requested, r.on_failure_status,
				          r.on_failure_at, r.on_failure_result::text AS on_failure_result, r.on_failure_error,
				          r.traceparent, r.backfill_id,
				          (SELECT string_agg(t.task_id || ':' || t.status, ',' ORDER BY t.position) FROM sf_task t
				           WHERE t.run_id = r.run_id) AS task_states""")
			.param("node", nodeId)
			.param("now", now())
			.param("admitted", admitted)
			.query((rs, row) -> mapRun(rs, row).withTasks(taskStates(rs.getString("task_states"))))
			.list()
			.stream()
			.sorted(Comparator.comparing((Run run) -> admitted.indexOf(run.runId())))
			.toList();
	}

	@Override
	public void finish(String runId, RunStatus status, String error, Long jobExecutionId) {
		int updated = this.jdbc
			.sql("UPDATE sf_run SET status = :status, error = :error, ended_at = :now,"
					+ " waiting_reason = NULL, cancel_requested = FALSE,"
					+ " job_execution_id = COALESCE(:jobExecutionId, job_execution_id)"
					+ " WHERE run_id = :runId AND status IN (:sources)")
			.param("jobExecutionId", jobExecutionId)
			.param("status", status.name())
			.param("error", error)
			.param("now", now())
			.param("runId", runId)
			.param("sources", names(RunStatus.sourcesOf(status)))
			.update();
		if (updated == 0) {
			throw new IllegalTransitionException("run", currentStatus(runId), status);
		}
	}

	@Override
	public void retryWait(String runId, String error, Instant retryAt, Long jobExecutionId) {
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'RETRY_WAIT', error = :error, retry_at = :retryAt, node_id = NULL,
				       waiting_reason = :reason, job_execution_id = :jobExecutionId
				WHERE run_id = :runId AND status IN (:sources)""")
			.param("jobExecutionId", jobExecutionId)
			.param("error", error)
			.param("retryAt", Timestamp.from(retryAt))
			.param("reason", "retry at " + retryAt)
			.param("runId", runId)
			.param("sources", names(RunStatus.sourcesOf(RunStatus.RETRY_WAIT)))
			.update();
		if (updated == 0) {
			throw new IllegalTransitionException("run", currentStatus(runId), RunStatus.RETRY_WAIT);
		}
	}

	@Override
	public boolean requeue(String runId, Set<RunStatus> from) {
		checkSources(from, RunStatus.QUEUED);
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'QUEUED', attempt = attempt + 1, error = NULL, ended_at = NULL,
				       retry_at = NULL, node_id = NULL, waiting_reason = NULL, cancel_requested = FALSE,
				       on_failure_status = NULL, on_failure_at = NULL, on_failure_result = NULL, on_failure_error = NULL
				WHERE run_id = :runId AND status IN (:from)""")
			.param("runId", runId)
			.param("from", names(from))
			.update();
		if (updated == 1) {
			resetTasks(runId, UNSUCCESSFUL, List.of());
			signalQueued();
		}
		return updated == 1;
	}

	@Override
	public boolean clear(String runId, Collection<String> taskIds) {
		List<RunStatus> ended = List.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED);
		checkSources(ended, RunStatus.QUEUED);
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'QUEUED', generation = generation + 1, attempt = 1, error = NULL,
				       ended_at = NULL, retry_at = NULL, node_id = NULL, waiting_reason = NULL, job_execution_id = NULL,
				       cancel_requested = FALSE, on_failure_status = NULL, on_failure_at = NULL,
				       on_failure_result = NULL, on_failure_error = NULL
				WHERE run_id = :runId AND status IN (:from)""")
			.param("runId", runId)
			.param("from", names(ended))
			.update();
		if (updated == 1) {
			resetTasks(runId, UNSUCCESSFUL, taskIds);
			signalQueued();
		}
		return updated == 1;
	}

	@Override
	public RunStatus recoverFromLostNode(String runId, int maxRecoveries) {
		RunStatus status = this.jdbc.sql("""
				UPDATE sf_run SET node_recoveries = node_recoveries + 1,
				       status = CASE WHEN node_recoveries + 1 >= :max THEN 'FAILED' ELSE 'QUEUED' END,
				       error = CASE WHEN node_recoveries + 1 >= :max
				                    THEN 'The run lost its node ' || (node_recoveries + 1)
				                         || ' times (last ' || node_id || '); a task may be killing its JVM'
				                    ELSE error END,
				       ended_at = CASE WHEN node_recoveries + 1 >= :max THEN CAST(:now AS timestamptz) END,
				       waiting_reason = CASE WHEN node_recoveries + 1 >= :max THEN NULL
				                             ELSE 'recovered: node ' || node_id || ' stopped heart-beating' END,
				       node_id = NULL, cancel_requested = FALSE
				WHERE run_id = :runId AND status = 'RUNNING'
				RETURNING status""")
			.param("max", maxRecoveries)
			.param("now", now())
			.param("runId", runId)
			.query((rs, i) -> RunStatus.valueOf(rs.getString(1)))
			.optional()
			.orElse(null);
		if (status == RunStatus.QUEUED) {
			// a task waiting for a pool slot (QUEUED) starts over too
			this.jdbc.sql("UPDATE sf_task SET status = 'PENDING' WHERE run_id = ? AND status IN ('RUNNING', 'QUEUED')")
				.param(runId)
				.update();
			signalQueued();
		}
		else if (status == RunStatus.FAILED) {
			this.jdbc.sql("""
					UPDATE sf_task SET status = 'FAILED', ended_at = :now, error_type = 'NodeLost',
					       error_message = 'The node running this task stopped heart-beating', error_retryable = FALSE
					WHERE run_id = :runId AND status = 'RUNNING'""").param("now", now()).param("runId", runId).update();
			closeUnfinishedTasks(runId, TaskStatus.UPSTREAM_FAILED);
		}
		return status;
	}

	@Override
	public boolean nextGeneration(String runId) {
		boolean moved = this.jdbc
			.sql("UPDATE sf_run SET generation = generation + 1, job_execution_id = NULL WHERE run_id = ?"
					+ " AND status = 'RUNNING'")
			.param(runId)
			.update() == 1;
		if (moved) {
			resetTasks(runId, UNSUCCESSFUL, List.of());
		}
		return moved;
	}

	@Override
	public boolean cancelWaiting(String runId) {
		int updated = this.jdbc.sql("""
				UPDATE sf_run SET status = 'CANCELLED', ended_at = :now, retry_at = NULL, waiting_reason = NULL
				WHERE run_id = :runId AND status IN ('QUEUED', 'RETRY_WAIT')""")
			.param("now", now())
			.param("runId", runId)
			.update();
		if (updated == 1) {
			closeUnfinishedTasks(runId, TaskStatus.CANCELLED);
		}
		return updated == 1;
	}

	@Override
	public boolean requestCancel(String runId) {
		return this.jdbc.sql("UPDATE sf_run SET cancel_requested = TRUE WHERE run_id = ? AND status = 'RUNNING'")
			.param(runId)
			.update() == 1;
	}

	@Override
	public boolean isCancelRequested(String runId) {
		return this.jdbc.sql("SELECT cancel_requested FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	@Override
	public void taskNotRun(String runId, String taskId, TaskStatus status) {
		this.jdbc
			.sql("UPDATE sf_task SET status = :status WHERE run_id = :runId AND task_id = :taskId"
					+ " AND status IN (:sources)")
			.param("status", status.name())
			.param("runId", runId)
			.param("taskId", taskId)
			.param("sources", names(TaskStatus.sourcesOf(status).stream().filter((s) -> !s.isFinished()).toList()))
			.update();
	}

	@Override
	public boolean claimOnFailure(String runId) {
		return this.jdbc.sql("""
				UPDATE sf_run SET on_failure_status = 'RUNNING', on_failure_at = :now
				WHERE run_id = :runId AND status = 'FAILED' AND on_failure_status IS NULL""")
			.param("now", now())
			.param("runId", runId)
			.update() == 1;
	}

	@Override
	public void onFailureDone(String runId, boolean succeeded, String resultJson, String error) {
		this.jdbc.sql("""
				UPDATE sf_run SET on_failure_status = :status, on_failure_at = :now,
				       on_failure_result = :result::jsonb, on_failure_error = :error
				WHERE run_id = :runId AND on_failure_status = 'RUNNING'""")
			.param("status", succeeded ? "SUCCEEDED" : "FAILED")
			.param("now", now())
			.param("result", resultJson)
			.param("error", error)
			.param("runId", runId)
			.update();
	}

	private void resetTasks(String runId, List<String> unsuccessful, Collection<String> alsoThese) {
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

	private static void checkSources(Collection<RunStatus> from, RunStatus next) {
		for (RunStatus source : from) {
			source.moveTo(next);
		}
	}

	@Override
	public TaskStart startTask(String runId, String taskId) {
		return this.jdbc.sql("""
				WITH r AS (SELECT cancel_requested, started_at FROM sf_run WHERE run_id = :runId),
				     t AS (SELECT status FROM sf_task WHERE run_id = :runId AND task_id = :taskId),
				     u AS (UPDATE sf_task SET status = 'RUNNING', started_at = :now, ended_at = NULL,
				                  attempts = attempts + 1, error_type = NULL, error_message = NULL,
				                  error_retryable = NULL, error_stack = NULL
				           WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)
				             AND NOT (SELECT cancel_requested FROM r)
				           RETURNING 1)
				SELECT (SELECT status FROM t) AS status, (SELECT cancel_requested FROM r) AS cancel_requested,
				       (SELECT started_at FROM r) AS run_started_at, (SELECT count(*) FROM u) AS started""")
			.param("runId", runId)
			.param("taskId", taskId)
			.param("now", now())
			.param("sources", names(TaskStatus.sourcesOf(TaskStatus.RUNNING)))
			.query((rs, i) -> {
				TaskStatus status = TaskStatus.valueOf(rs.getString("status"));
				Instant runStartedAt = instant(rs, "run_started_at");
				if (rs.getLong("started") == 1) {
					return new TaskStart(TaskStart.Outcome.STARTED, runStartedAt);
				}
				if (status == TaskStatus.SUCCEEDED) {
					return new TaskStart(TaskStart.Outcome.MEMOISED, runStartedAt);
				}
				if (rs.getBoolean("cancel_requested")) {
					return new TaskStart(TaskStart.Outcome.CANCELLED, runStartedAt);
				}
				throw new IllegalTransitionException("task", status, TaskStatus.RUNNING);
			})
			.single();
	}

	@Override
	public void taskWaiting(String runId, String taskId, String reason) {
		if (reason != null) {
			this.jdbc
				.sql("UPDATE sf_task SET status = 'QUEUED' WHERE run_id = :runId AND task_id = :taskId"
						+ " AND status IN (:sources)")
				.param("runId", runId)
				.param("taskId", taskId)
				.param("sources", names(TaskStatus.sourcesOf(TaskStatus.QUEUED)))
				.update();
		}
		this.jdbc.sql("UPDATE sf_run SET waiting_reason = ? WHERE run_id = ? AND status = 'RUNNING'")
			.params(reason, runId)
			.update();
	}

	@Override
	public Optional<String> taskOutput(String runId, String taskId) {
		return this.jdbc
			.sql("SELECT output::text FROM sf_task WHERE run_id = ? AND task_id = ? AND status = 'SUCCEEDED'")
			.params(runId, taskId)
			.query(String.class)
			.optional();
	}

	@Override
	public void taskSucceeded(String runId, String taskId, String outputJson) {
		this.jdbc.sql("""
				UPDATE sf_task SET status = 'SUCCEEDED', ended_at = :now, output = :output::jsonb
				WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)""")
			.param("now", now())
			.param("output", outputJson)
			.param("runId", runId)
			.param("taskId", taskId)
			.param("sources", names(TaskStatus.sourcesOf(TaskStatus.SUCCEEDED)))
			.update();
	}

	@Override
	public void taskFailed(String runId, String taskId, TaskRun.TaskError error) {
		this.jdbc.sql("""
				UPDATE sf_task SET status = 'FAILED', ended_at = :now, error_type = :type, error_message = :message,
				       error_retryable = :retryable, error_stack = :stack
				WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)""")
			.param("now", now())
			.param("type", error.type())
			.param("message", error.message())
			.param("retryable", error.retryable())
			.param("stack", error.stackTrace())
			.param("runId", runId)
			.param("taskId", taskId)
			.param("sources", names(TaskStatus.sourcesOf(TaskStatus.FAILED)))
			.update();
	}

	@Override
	public void closeUnfinishedTasks(String runId, TaskStatus status) {
		this.jdbc.sql(
				"UPDATE sf_task SET status = :status, ended_at = CASE WHEN started_at IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END"
						+ " WHERE run_id = :runId AND status IN (:sources)")
			.param("status", status.name())
			.param("now", now())
			.param("runId", runId)
			.param("sources", names(TaskStatus.sourcesOf(status).stream().filter((s) -> !s.isFinished()).toList()))
			.update();
	}

	@Override
	public void taskProgress(String runId, String taskId, long done, long total) {
		// its own transaction, so progress shows while the task's step is still
		// uncommitted
		this.ownTransaction.executeWithoutResult((status) -> this.jdbc
			.sql("UPDATE sf_task SET progress_done = ?, progress_total = ? WHERE run_id = ? AND task_id = ?")
			.params(done, total, runId, taskId)
			.update());
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

	private RunStatus currentStatus(String runId) {
		return this.jdbc.sql("SELECT status FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query((rs, i) -> RunStatus.valueOf(rs.getString(1)))
			.optional()
			.orElseThrow(() -> new IllegalStateException("No run " + runId));
	}

	private List<TaskRun> tasksOf(String runId) {
		return this.jdbc.sql("""
				SELECT task_id, status, attempts, started_at, ended_at, output::text AS output, error_type,
				       error_message, error_retryable, error_stack, progress_done, progress_total
				FROM sf_task WHERE run_id = ? ORDER BY position""").param(runId).query((rs, i) -> {
			TaskRun.TaskError error = (rs.getString("error_type") != null)
					? new TaskRun.TaskError(rs.getString("error_type"), rs.getString("error_message"),
							rs.getBoolean("error_retryable"), rs.getString("error_stack"))
					: null;
			return new TaskRun(rs.getString("task_id"), TaskStatus.valueOf(rs.getString("status")),
					rs.getInt("attempts"), instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("output"),
					error, rs.getObject("progress_done", Long.class), rs.getObject("progress_total", Long.class));
		}).list();
	}

	/** The tasks of a claimed run, ids and states only, as the claim returns them. */
	private static List<TaskRun> taskStates(String aggregated) {
		List<TaskRun> tasks = new ArrayList<>();
		if (aggregated != null) {
			for (String pair : aggregated.split(",")) {
				int colon = pair.lastIndexOf(':');
				tasks.add(new TaskRun(pair.substring(0, colon), TaskStatus.valueOf(pair.substring(colon + 1)), 0, null,
						null, null, null, null, null));
			}
		}
		return tasks;
	}

	private Run mapRun(ResultSet rs, int row) throws SQLException {
		Run.OnFailure onFailure = (rs.getString("on_failure_status") != null)
				? new Run.OnFailure(rs.getString("on_failure_status"), instant(rs, "on_failure_at"),
						rs.getString("on_failure_result"), rs.getString("on_failure_error"))
				: null;
		return new Run(rs.getString("run_id"), rs.getString("dag_id"), RunStatus.valueOf(rs.getString("status")),
				rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getInt("generation"), rs.getString("event_id"),
				this.json.readValue(rs.getString("data"), MAP), rs.getInt("priority"), rs.getString("waiting_reason"),
				rs.getString("node_id"), rs.getObject("job_execution_id", Long.class), rs.getString("error"),
				instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "ended_at"), instant(rs, "retry_at"),
				rs.getBoolean("cancel_requested"), onFailure, rs.getString("traceparent"), rs.getString("backfill_id"),
				List.of());
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return (ts != null) ? ts.toInstant() : null;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	private static List<String> names(Collection<? extends Enum<?>> statuses) {
		List<String> names = new ArrayList<>();
		statuses.forEach((s) -> names.add(s.name()));
		return names;
	}

}
