package io.sermonflow.dispatch;

import java.util.List;

import io.sermonflow.config.OnRole;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes back the runs of nodes whose lease ran out. Their Spring Batch executions, left
 * STARTED by the dead JVM, are marked FAILED with {@code JobOperator.recover}, so the run
 * restarts from the interrupted task; a lost node does not use up the run's retries, but
 * the third loss fails it.
 */
@Component
@OnRole("worker")
public class RunRecovery {

	/** A run whose node died this often is failed: a task may be killing its JVM. */
	public static final int MAX_NODE_RECOVERIES = 3;

	private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

	private final JdbcClient jdbc;

	private final RunStore runs;

	private final JobRepository jobRepository;

	private final JobOperator jobOperator;

	private final TransactionTemplate transaction;

	RunRecovery(JdbcClient jdbc, RunStore runs, JobRepository jobRepository, JobOperator jobOperator,
			TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.runs = runs;
		this.jobRepository = jobRepository;
		this.jobOperator = jobOperator;
		this.transaction = transaction;
	}

	/** Recovers the runs of dead nodes; returns how many. */
	public int recoverOnce() {
		List<String[]> orphans = this.jdbc.sql("""
				SELECT r.run_id, r.dag_id, r.node_id FROM sf_run r LEFT JOIN sf_node n ON n.node_id = r.node_id
				WHERE r.status = 'RUNNING' AND (n.node_id IS NULL OR n.lease_until < now())""")
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) })
			.list();
		int recovered = 0;
		for (String[] orphan : orphans) {
			String runId = orphan[0];
			markInterruptedExecutionsFailed(runId, orphan[1]);
			RunStatus status = this.transaction
				.execute((tx) -> this.runs.recoverFromLostNode(runId, MAX_NODE_RECOVERIES));
			if (status != null) {
				recovered++;
				log.warn("Run {} of {} recovered from lost node {}: now {}", runId, orphan[1], orphan[2], status);
			}
		}
		return recovered;
	}

	/**
	 * Hands back a run of this node that ended abnormally (its end could not be
	 * recorded), as if its node had been lost: its interrupted executions are recovered
	 * and it is queued again.
	 */
	public void release(String runId, String dagId) {
		markInterruptedExecutionsFailed(runId, dagId);
		this.transaction.execute((tx) -> this.runs.recoverFromLostNode(runId, MAX_NODE_RECOVERIES));
	}

	private void markInterruptedExecutionsFailed(String runId, String dagId) {
		for (JobExecution execution : this.jobRepository.findRunningJobExecutions(dagId)) {
			if (runId.equals(execution.getJobParameters().getString("runId"))) {
				this.jobOperator.recover(execution);
			}
		}
	}

}
