package io.sermonflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.config.ClusterNodes;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import io.sermonflow.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover through the database session (issue 14): a node killed with {@code kill -9}
 * closes its database session, and the other nodes take its runs back without waiting for
 * its lease, which here is ten minutes long, so only the session can tell.
 */
@EngineTest
class FailoverTest {

	@Autowired
	ClusterNodes nodes;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EngineNodes children;

	@Autowired
	RunFacts facts;

	@AfterEach
	void stopChildren() throws Exception {
		this.children.stopAll();
	}

	@Test
	void a_node_killed_mid_task_has_its_run_taken_back_through_its_closed_session_long_before_its_lease_ends()
			throws Exception {
		NodeProcess doomed = this.children.start("doomed", "worker", "--sermonflow.lease-seconds=600");
		NodeProcess survivor = this.children.start("survivor", "worker", "--sermonflow.lease-seconds=600");
		String runId = UUID.randomUUID().toString();
		await().atMost(Duration.ofSeconds(120))
			.until(() -> this.jdbc
				// both of these children, by their pids: a node another test left behind
				// must not count
				.sql("SELECT count(*) FROM sf_node WHERE liveness_key IS NOT NULL AND lease_until > now()"
						+ " AND (node_id LIKE ? OR node_id LIKE ?)")
				.params("%-" + doomed.process().pid() + "-%", "%-" + survivor.process().pid() + "-%")
				.query(Long.class)
				.single() == 2);
		this.runs.create(new NewRun(runId, "child-zombie", List.of("t1", "t2", "t3"), null, Map.of(), 0, 1, null));
		await().atMost(Duration.ofSeconds(120)).until(() -> "RUNNING".equals(this.facts.taskStatus(runId, "t2")));
		String victim = this.facts.node(runId);
		NodeProcess killed = victim.contains("-" + doomed.process().pid() + "-") ? doomed : survivor;
		killed.process().destroyForcibly().waitFor();

		await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(this.facts.status(runId)));
		Run run = this.runs.find(runId).orElseThrow();
		assertThat(run.recoveredFrom()).startsWith(victim + ": its database session closed (at ");
		assertThat(run.nodeId()).isNotEqualTo(victim);
		assertThat(run.attempt()).isEqualTo(1);
		for (String task : List.of("t1", "t2", "t3")) {
			assertThat(this.facts.effects(runId, task)).as(task).isEqualTo(1);
		}
		ClusterNodes.Node lost = this.nodes.all()
			.stream()
			.filter((node) -> node.nodeId().equals(victim))
			.findFirst()
			.orElseThrow();
		assertThat(lost.state()).isEqualTo(ClusterNodes.State.LOST);
		assertThat(lost.lostReason()).isEqualTo("its database session closed");
		assertThat(lost.runs()).isEmpty();
	}

}
