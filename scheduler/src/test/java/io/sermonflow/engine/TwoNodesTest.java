package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sermonflow.config.NodeLease;
import io.sermonflow.control.RunActions;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.sermonflow.engine.Runs.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two live nodes against one database: no run starts twice, the work spreads over both,
 * and a node stopped with SIGTERM lets its runs finish.
 */
@EngineTest
class TwoNodesTest {

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NodeLease lease;

	@Autowired
	EngineNodes children;

	private Process child;

	@AfterEach
	void stopChild() throws Exception {
		this.children.stopAll();
	}

	@Test
	void no_run_starts_twice_and_work_spreads_over_both_nodes() throws Exception {
		this.child = this.children.start("two-nodes", "worker").process();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql(
					"SELECT count(*) FROM sf_node WHERE roles = 'worker' AND heartbeat_at > now() - interval '3 seconds'")
				.query(Long.class)
				.single() >= 1);
		List<String> runIds = new ArrayList<>();
		// tasks long enough that the child still has work for a good while after it
		// starts: a loaded machine's test thread may look late, and the runs would all be
		// done
		for (int i = 0; i < 24; i++) {
			runIds.add(this.actions.trigger("test-chain", Map.of("sleepMs", 250)));
		}
		// SIGTERM while the child has work: it finishes what it runs, then releases its
		// lease
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_run WHERE status = 'RUNNING' AND node_id <> ?")
				.param(this.lease.nodeId())
				.query(Long.class)
				.single() > 0);
		this.child.destroy();
		for (String runId : runIds) {
			assertThat(awaitStatus(this.runs, runId, RunStatus.SUCCEEDED).attempt()).isEqualTo(1);
		}
		Set<String> nodes = new HashSet<>();
		for (String runId : runIds) {
			nodes.add(this.jdbc.sql("SELECT node_id FROM sf_run WHERE run_id = ?")
				.param(runId)
				.query(String.class)
				.single());
			Long executions = this.jdbc.sql("""
					SELECT count(*) FROM batch_job_execution e
					JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
					WHERE p.parameter_name = 'runId' AND p.parameter_value = ?""")
				.param(runId)
				.query(Long.class)
				.single();
			assertThat(executions).as("executions of " + runId).isEqualTo(1);
		}
		assertThat(nodes).hasSize(2).contains(this.lease.nodeId());
		assertThat(this.child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void a_node_stopped_with_sigterm_keeps_its_lease_while_runs_longer_than_the_lease_finish() throws Exception {
		NodeProcess node = this.children.start("draining", "worker");
		String childId = awaitWorker(node);
		// each run outlasts the 4 s lease twice over: a node that stopped renewing its
		// lease when it began to drain would fence them, and this node would run them
		// again
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			runIds.add(this.actions.trigger("test-chain", Map.of("sleepMs", 2500)));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_run WHERE status = 'RUNNING' AND node_id = ?")
				.param(childId)
				.query(Long.class)
				.single() > 0);
		List<String> onChild = this.jdbc.sql("SELECT run_id FROM sf_run WHERE status = 'RUNNING' AND node_id = ?")
			.param(childId)
			.query(String.class)
			.list();
		node.process().destroy();
		for (String runId : runIds) {
			awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		}
		for (String runId : onChild) {
			assertThat(executionsOf(runId)).as("executions of " + runId + ", begun on the draining node").isEqualTo(1);
			assertThat(this.jdbc.sql("SELECT node_id FROM sf_run WHERE run_id = ?")
				.param(runId)
				.query(String.class)
				.single()).isEqualTo(childId);
		}
		assertThat(node.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(node.logText()).doesNotContain("releasing them to other nodes");
	}

	/** The child's node id (host, pid, random part), once it heart-beats. */
	private String awaitWorker(NodeProcess node) {
		String pattern = "%-" + node.process().pid() + "-%";
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_node WHERE node_id LIKE ?")
				.param(pattern)
				.query(Long.class)
				.single() == 1);
		return this.jdbc.sql("SELECT node_id FROM sf_node WHERE node_id LIKE ?")
			.param(pattern)
			.query(String.class)
			.single();
	}

	private long executionsOf(String runId) {
		return this.jdbc.sql("""
				SELECT count(*) FROM batch_job_execution e
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'runId' AND p.parameter_value = ?""").param(runId).query(Long.class).single();
	}

}
