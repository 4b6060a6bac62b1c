package io.sermonflow.run.jdbc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.sermonflow.admission.Waiting;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import io.sermonflow.run.IllegalTransitionException;
import io.sermonflow.run.LostClaimException;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStart;
import io.sermonflow.run.TaskStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writes of the node that holds a run's claim, each conditional on that claim in its
 * {@code WHERE}: the run's node and epoch, under a share lock on the run's row
 * ({@link RunRows#CLAIM_HELD}), so a recovery either comes before the write (which then
 * changes nothing) or after its transaction.
 */
@Repository
class JdbcClaimedRuns implements ClaimedRuns {

	private final RunRows rows;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final TransactionTemplate transaction;

	JdbcClaimedRuns(RunRows rows, PlatformTransactionManager transactionManager) {
		this.rows = rows;
		this.jdbc = rows.jdbc();
		this.transaction = new TransactionTemplate(transactionManager);
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public TaskStart startTask(Claim claim, String taskId) {
		return this.jdbc.sql("""
				WITH r AS (SELECT cancel_requested, started_at FROM sf_run WHERE run_id = :runId AND node_id = :node
				           AND epoch = :epoch AND status = 'RUNNING' FOR SHARE),
				     t AS (SELECT status FROM sf_task WHERE run_id = :runId AND task_id = :taskId),
				     u AS (UPDATE sf_task SET status = 'RUNNING', started_at = :now, ended_at = NULL, node_id = :node,
				                  attempts = attempts + 1, error_type = NULL, error_message = NULL,
				                  error_retryable = NULL, error_stack = NULL
				           WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)
				             AND EXISTS (SELECT 1 FROM r) AND NOT (SELECT cancel_requested FROM r)
				           RETURNING 1)
				SELECT (SELECT status FROM t) AS status, (SELECT count(*) FROM r) AS held,
				       (SELECT cancel_requested FROM r) AS cancel_requested,
				       (SELECT started_at FROM r) AS run_started_at, (SELECT count(*) FROM u) AS started""")
			.params(claimParams(claim))
			.param("taskId", taskId)
			.param("now", this.rows.now())
			.param("sources", RunRows.names(TaskStatus.sourcesOf(TaskStatus.RUNNING)))
			.query((rs, i) -> {
				Instant runStartedAt = RunRows.instant(rs, "run_started_at");
				if (rs.getLong("held") == 0) {
					return new TaskStart(TaskStart.Outcome.LOST, runStartedAt);
				}
				TaskStatus status = TaskStatus.valueOf(rs.getString("status"));
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
	public void taskSucceeded(Claim claim, String taskId, String outputJson) {
		boolean held = this.jdbc.sql("WITH owner AS (" + RunRows.CLAIM_HELD + """
				), u AS (UPDATE sf_task SET status = 'SUCCEEDED', ended_at = :now, output = :output::jsonb
				         WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)
				           AND EXISTS (SELECT 1 FROM owner) RETURNING 1)
				SELECT count(*) > 0 FROM owner""")
			.params(claimParams(claim))
			.param("taskId", taskId)
			.param("now", this.rows.now())
			.param("output", outputJson)
			.param("sources", RunRows.names(TaskStatus.sourcesOf(TaskStatus.SUCCEEDED)))
			.query(Boolean.class)
			.single();
		if (!held) {
			throw new LostClaimException(claim);
		}
	}

	@Override
	public void hold(Claim claim) {
		if (this.jdbc.sql(RunRows.CLAIM_HELD).params(claimParams(claim)).query().listOfRows().isEmpty()) {
			throw new LostClaimException(claim);
		}
	}

	@Override
	public boolean taskFailed(Claim claim, String taskId, TaskRun.TaskError error) {
		return this.jdbc.sql("WITH owner AS (" + RunRows.CLAIM_HELD + """
				), u AS (UPDATE sf_task SET status = 'FAILED', ended_at = :now, error_type = :type,
				                error_message = :message, error_retryable = :retryable, error_stack = :stack
				         WHERE run_id = :runId AND task_id = :taskId AND status IN (:sources)
				           AND EXISTS (SELECT 1 FROM owner) RETURNING 1)
				SELECT count(*) > 0 FROM owner""")
			.params(claimParams(claim))
			.param("taskId", taskId)
			.param("now", this.rows.now())
			.param("type", error.type())
			.param("message", error.message())
			.param("retryable", error.retryable())
			.param("stack", error.stackTrace())
			.param("sources", RunRows.names(TaskStatus.sourcesOf(TaskStatus.FAILED)))
			.query(Boolean.class)
			.single();
	}

	@Override
	public boolean taskNotRun(Claim claim, String taskId, TaskStatus status) {
		return this.jdbc.sql("WITH owner AS (" + RunRows.CLAIM_HELD + """
				), u AS (UPDATE sf_task SET status = :status WHERE run_id = :runId AND task_id = :taskId
				           AND status IN (:sources) AND EXISTS (SELECT 1 FROM owner) RETURNING 1)
				SELECT count(*) > 0 FROM owner""")
			.params(claimParams(claim))
			.param("taskId", taskId)
			.param("status", status.name())
			.param("sources", RunRows.unfinishedSourcesOf(status))
			.query(Boolean.class)
			.single();
	}

	@Override
	public boolean taskWaiting(Claim claim, String taskId, Waiting waiting) {
		// the run's row first, locked for update: parallel branches waiting at once queue
		// on it. Taking it shared (the owner check) and updating it afterwards, two
		// branches each held a share the other's update waited for: a deadlock.
		return this.ownTransaction.execute((tx) -> {
			boolean held = this.jdbc.sql("""
					UPDATE sf_run SET waiting_reason = :reason, eligible_at = :until
					WHERE run_id = :runId AND node_id = :node AND epoch = :epoch AND status = 'RUNNING'""")
				.params(claimParams(claim))
				.param("reason", (waiting != null) ? waiting.text() : null)
				.param("until", (waiting != null) ? RunRows.timestamp(waiting.until()) : null)
				.update() == 1;
			if (held && waiting != null) {
				this.jdbc.sql("""
						UPDATE sf_task SET status = 'QUEUED' WHERE run_id = :runId AND task_id = :taskId
						  AND status IN (:sources)""")
					.param("runId", claim.runId())
					.param("taskId", taskId)
					.param("sources", RunRows.names(TaskStatus.sourcesOf(TaskStatus.QUEUED)))
					.update();
			}
			return held;
		});
	}

	@Override
	public boolean taskProgress(Claim claim, String taskId, long done, long total) {
		// its own transaction, so progress shows while the task's step is still
		// uncommitted
		return this.ownTransaction.execute((tx) -> this.jdbc.sql("WITH owner AS (" + RunRows.CLAIM_HELD + """
				) UPDATE sf_task SET progress_done = :done, progress_total = :total
				  WHERE run_id = :runId AND task_id = :taskId AND EXISTS (SELECT 1 FROM owner)""")
			.params(claimParams(claim))
			.param("taskId", taskId)
			.param("done", done)
			.param("total", total)
			.update() == 1);
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
	public boolean isCancelRequested(String runId) {
		return this.jdbc.sql("SELECT cancel_requested FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	@Override
	public List<TaskRun> tasks(String runId) {
		return this.rows.tasksOf(runId);
	}

	@Override
	public boolean succeed(Claim claim, Long jobExecutionId) {
		return end(claim, RunStatus.SUCCEEDED, null, jobExecutionId);
	}

	@Override
	public boolean cancel(Claim claim, Long jobExecutionId) {
		return this.transaction.execute((tx) -> {
			if (!end(claim, RunStatus.CANCELLED, null, jobExecutionId)) {
				return false;
			}
			this.rows.closeUnfinishedTasks(claim.runId(), TaskStatus.CANCELLED);
			return true;
		});
	}

	@Override
	public boolean fail(Claim claim, String error, Long jobExecutionId, Collection<String> upstreamFailed) {
		return this.transaction.execute((tx) -> {
			if (!end(claim, RunStatus.FAILED, error, jobExecutionId)) {
				return false;
			}
			for (String taskId : upstreamFailed) {
				this.jdbc
					.sql("UPDATE sf_task SET status = 'UPSTREAM_FAILED' WHERE run_id = :runId AND task_id = :taskId"
							+ " AND status IN (:sources)")
					.param("runId", claim.runId())
					.param("taskId", taskId)
					.param("sources", RunRows.unfinishedSourcesOf(TaskStatus.UPSTREAM_FAILED))
					.update();
			}
			return true;
		});
	}

	/**
	 * Ends a RUNNING run held by the claim; a FAILED one has its onFailure work due at
	 * once, in the same statement.
	 */
	private boolean end(Claim claim, RunStatus status, String error, Long jobExecutionId) {
		RunStatus.RUNNING.moveTo(status);
		return this.jdbc.sql("""
				UPDATE sf_run SET status = :status, error = :error, ended_at = :now, waiting_reason = NULL,
				       eligible_at = NULL, cancel_requested = FALSE,
				       job_execution_id = COALESCE(:jobExecutionId, job_execution_id),
				       on_failure_status = CASE WHEN :status = 'FAILED' THEN 'PENDING' END,
				       on_failure_due_at = CASE WHEN :status = 'FAILED' THEN CAST(:now AS timestamptz) END
				WHERE run_id = :runId AND node_id = :node AND epoch = :epoch AND status = 'RUNNING'""")
			.params(claimParams(claim))
			.param("status", status.name())
			.param("error", error)
			.param("now", this.rows.now())
			.param("jobExecutionId", jobExecutionId)
			.update() == 1;
	}

	@Override
	public boolean retryWait(Claim claim, String error, Instant retryAt, Long jobExecutionId) {
		RunStatus.RUNNING.moveTo(RunStatus.RETRY_WAIT);
		Waiting waiting = Waiting.retryAt(retryAt);
		return this.jdbc.sql("""
				UPDATE sf_run SET status = 'RETRY_WAIT', error = :error, retry_at = :retryAt, node_id = NULL,
				       waiting_reason = :reason, eligible_at = :retryAt, job_execution_id = :jobExecutionId
				WHERE run_id = :runId AND node_id = :node AND epoch = :epoch AND status = 'RUNNING'""")
			.params(claimParams(claim))
			.param("jobExecutionId", jobExecutionId)
			.param("error", error)
			.param("retryAt", RunRows.timestamp(retryAt))
			.param("reason", waiting.text())
			.update() == 1;
	}

	@Override
	public boolean nextGeneration(Claim claim) {
		return this.transaction.execute((tx) -> {
			boolean moved = this.jdbc.sql("""
					UPDATE sf_run SET generation = generation + 1, job_execution_id = NULL
					WHERE run_id = :runId AND node_id = :node AND epoch = :epoch AND status = 'RUNNING'""")
				.params(claimParams(claim))
				.update() == 1;
			if (moved) {
				this.rows.resetTasks(claim.runId(), JdbcRunStore.UNSUCCESSFUL, List.of());
			}
			return moved;
		});
	}

	@Override
	public RunStatus release(Claim claim, String reason, int maxRecoveries) {
		return this.transaction.execute((tx) -> {
			RunStatus status = this.jdbc.sql("""
					UPDATE sf_run SET node_recoveries = node_recoveries + 1,
					       status = CASE WHEN node_recoveries + 1 >= :max THEN 'FAILED' ELSE 'QUEUED' END,
					       error = CASE WHEN node_recoveries + 1 >= :max
					                    THEN 'The run lost its node ' || (node_recoveries + 1)
					                         || ' times (last ' || node_id || ': ' || :reason
					                         || '); a task may be killing its JVM'
					                    ELSE error END,
					       ended_at = CASE WHEN node_recoveries + 1 >= :max THEN CAST(:now AS timestamptz) END,
					       waiting_reason = CASE WHEN node_recoveries + 1 >= :max THEN NULL
					                             ELSE 'recovered from node ' || node_id || ': ' || :reason END,
					       eligible_at = NULL,
					       on_failure_status = CASE WHEN node_recoveries + 1 >= :max THEN 'PENDING' END,
					       on_failure_due_at = CASE WHEN node_recoveries + 1 >= :max
					                                THEN CAST(:now AS timestamptz) END,
					       recovered_from = node_id || ': ' || :reason || ' (at '
					                        || to_char(CAST(:now AS timestamptz) AT TIME ZONE 'UTC',
					                                   'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ')',
					       node_id = NULL, recovered_epoch = epoch
					WHERE run_id = :runId AND node_id = :node AND epoch = :epoch AND status = 'RUNNING'
					RETURNING status""")
				.params(claimParams(claim))
				.param("max", maxRecoveries)
				.param("reason", reason)
				.param("now", this.rows.now())
				.query((rs, i) -> RunStatus.valueOf(rs.getString(1)))
				.optional()
				.orElse(null);
			if (status == RunStatus.QUEUED) {
				// the interrupted tasks start over: one waiting for a slot (QUEUED), and
				// one the
				// lost connection failed (a release means no task failed for its own
				// reasons)
				this.rows.resetTasks(claim.runId(), JdbcRunStore.UNSUCCESSFUL, List.of());
				this.rows.signalQueued();
			}
			else if (status == RunStatus.FAILED) {
				this.jdbc.sql("""
						UPDATE sf_task SET status = 'FAILED', ended_at = :now, error_type = 'NodeLost',
						       error_message = 'The node running this task was lost: ' || :reason,
						       error_retryable = FALSE
						WHERE run_id = :runId AND status = 'RUNNING'""")
					.param("now", this.rows.now())
					.param("reason", reason)
					.param("runId", claim.runId())
					.update();
				this.rows.closeUnfinishedTasks(claim.runId(), TaskStatus.UPSTREAM_FAILED);
			}
			return status;
		});
	}

	private static java.util.Map<String, Object> claimParams(Claim claim) {
		return java.util.Map.of("runId", claim.runId(), "node", claim.nodeId(), "epoch", claim.epoch());
	}

}
