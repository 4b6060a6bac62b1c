package io.sermonflow.engine;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sermonflow.admission.Waiting;
import io.sermonflow.config.NodeLease;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parallel branches of one run that wait for a worker at the same moment each record why
 * on the run's row. They once deadlocked (each held a share of the row the other's update
 * waited for), and a branch failed with it; the writes now queue on the row.
 */
@EngineTest
class ParallelWaitsTest {

	@Autowired
	ClaimedRuns runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NodeLease lease;

	@Test
	void branches_of_one_run_that_wait_at_once_never_deadlock() throws Exception {
		String runId = UUID.randomUUID().toString();
		// held by this live node, so no recovery takes it back meanwhile
		Claim claim = new Claim(runId, this.lease.nodeId(), 7);
		this.jdbc.sql("""
				INSERT INTO sf_run (run_id, dag_id, status, data, created_at, node_id, epoch)
				VALUES (?, 'test-waits', 'RUNNING', '{}'::jsonb, ?, ?, ?)""")
			.params(runId, Timestamp.from(Instant.now()), claim.nodeId(), claim.epoch())
			.update();
		int branches = 4;
		for (int b = 0; b < branches; b++) {
			this.jdbc.sql("INSERT INTO sf_task (run_id, task_id, position, status) VALUES (?, ?, ?, 'PENDING')")
				.params(runId, "b" + b, b)
				.update();
		}
		Waiting busy = new Waiting(Waiting.Kind.NO_WORKER, "waiting for a worker (2/2 busy)", null);
		ExecutorService pool = Executors.newFixedThreadPool(branches);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int b = 0; b < branches; b++) {
				String taskId = "b" + b;
				results.add(pool.submit(() -> {
					start.await();
					int held = 0;
					for (int i = 0; i < 100; i++) {
						held += this.runs.taskWaiting(claim, taskId, (i % 2 == 0) ? busy : null) ? 1 : 0;
					}
					return held;
				}));
			}
			start.countDown();
			for (Future<Integer> result : results) {
				assertThat(result.get(120, TimeUnit.SECONDS)).as("every write found the run held").isEqualTo(100);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM sf_task WHERE run_id = ? AND status = 'QUEUED'")
			.param(runId)
			.query(Long.class)
			.single()).isEqualTo(branches);
		// a node that no longer holds the run changes nothing
		assertThat(this.runs.taskWaiting(new Claim(runId, claim.nodeId(), 6), "b0", busy)).isFalse();
		// no run of an unknown DAG is left for recovery to queue when this node goes
		this.jdbc.sql("DELETE FROM sf_run WHERE run_id = ?").param(runId).update();
	}

}
