package io.sermonflow.runs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.ChildNode;
import io.sermonflow.support.ChildNodes;
import io.sermonflow.support.RunFacts;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover through the database session (issue 14): a node killed with {@code kill -9}
 * closes its database session, and the other nodes take its runs back without waiting for
 * its lease, which here is ten minutes long, so only the session can tell.
 */
@SermonflowTest
class FailoverTest {

	@LocalServerPort
	int port;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ChildNodes children;

	@Autowired
	RunFacts facts;

	@AfterEach
	void stopChildren() throws Exception {
		this.children.stopAll();
	}

	@Test
	void a_node_killed_mid_task_has_its_run_taken_back_through_its_closed_session_long_before_its_lease_ends()
			throws Exception {
		ChildNode.Child doomed = this.children.start("doomed", "worker", "--sermonflow.lease-seconds=600");
		ChildNode.Child survivor = this.children.start("survivor", "worker", "--sermonflow.lease-seconds=600");
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
		ChildNode.Child killed = victim.contains("-" + doomed.process().pid() + "-") ? doomed : survivor;
		killed.process().destroyForcibly().waitFor();

		await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(this.facts.status(runId)));
		JsonNode run = Api.admin(this.port).get("/api/runs/" + runId).json();
		assertThat(run.get("recoveredFrom").asString()).startsWith(victim + ": its database session closed (at ");
		assertThat(run.get("node").asString()).isNotEqualTo(victim);
		assertThat(run.get("attempt").asInt()).isEqualTo(1);
		for (String task : List.of("t1", "t2", "t3")) {
			assertThat(this.facts.effects(runId, task)).as(task).isEqualTo(1);
		}
		JsonNode lost = null;
		for (JsonNode node : Api.admin(this.port).get("/api/nodes").json()) {
			if (node.get("node").asString().equals(victim)) {
				lost = node;
			}
		}
		assertThat(lost).isNotNull();
		assertThat(lost.get("state").asString()).isEqualTo("LOST");
		assertThat(lost.get("lostReason").asString()).isEqualTo("its database session closed");
		assertThat(lost.get("runs").size()).isZero();
	}

}
