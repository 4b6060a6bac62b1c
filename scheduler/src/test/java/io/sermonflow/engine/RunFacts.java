package io.sermonflow.engine;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the run store records about a run, read straight from the database, for tests that
 * watch runs other nodes execute; and the effects ledger the child DAGs write
 * ({@code ledger:<run>:<task>} in {@code sf_demo_flaky}).
 */
public final class RunFacts {

	private final JdbcClient jdbc;

	public RunFacts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public String status(String runId) {
		return this.jdbc.sql("SELECT status FROM sf_run WHERE run_id = ?").param(runId).query(String.class).single();
	}

	public String taskStatus(String runId, String taskId) {
		return this.jdbc.sql("SELECT status FROM sf_task WHERE run_id = ? AND task_id = ?")
			.params(runId, taskId)
			.query(String.class)
			.single();
	}

	/** The node holding (or last holding) the run. */
	public String node(String runId) {
		return this.jdbc.sql("SELECT node_id FROM sf_run WHERE run_id = ?").param(runId).query(String.class).single();
	}

	public int recoveries(String runId) {
		return this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
			.param(runId)
			.query(Integer.class)
			.single();
	}

	/** How often a task's effect was committed. */
	public int effects(String runId, String taskId) {
		return this.jdbc.sql("SELECT attempts FROM sf_demo_flaky WHERE key = ?")
			.param("ledger:" + runId + ":" + taskId)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

}
