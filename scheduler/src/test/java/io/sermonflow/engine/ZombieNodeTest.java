package io.sermonflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fencing with a real zombie: a node frozen (SIGSTOP) in the middle of a task, past its
 * lease, has its run recovered and finished by another node; woken (SIGCONT), it finds
 * every write refused. The ledger shows each task's effect once, and the zombie changed
 * nothing.
 */
@EngineTest
class ZombieNodeTest {

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
	void a_node_frozen_past_its_lease_writes_nothing_when_it_wakes_and_each_effect_happens_once() throws Exception {
		NodeProcess zombie = this.children.start("zombie", "worker");
		String runId = UUID.randomUUID().toString();
		this.runs.create(new NewRun(runId, "child-zombie", List.of("t1", "t2", "t3"), null, Map.of(), 0, 1, null));
		// t2 takes 5 s: freeze its node in the middle of it
		await().atMost(Duration.ofSeconds(120)).until(() -> "RUNNING".equals(this.facts.taskStatus(runId, "t2")));
		String zombieNode = this.facts.node(runId);
		zombie.signal("STOP");

		NodeProcess survivor = this.children.start("survivor", "worker");
		await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(this.facts.status(runId)));
		assertThat(this.facts.node(runId)).isNotEqualTo(zombieNode);
		String before = snapshot(runId);

		zombie.signal("CONT");
		// woken, the zombie finishes t2's sleep, tries to record it and is refused
		await().atMost(Duration.ofSeconds(60)).until(() -> zombie.logText().contains("no longer holds run " + runId));
		// and then it goes on as a healthy node, having written nothing for the run
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_node WHERE node_id = ? AND lease_until > now()")
				.param(zombieNode)
				.query(Long.class)
				.single() == 1);
		assertThat(snapshot(runId)).isEqualTo(before);
		for (String task : List.of("t1", "t2", "t3")) {
			assertThat(this.facts.effects(runId, task)).as(task).isEqualTo(1);
		}
		assertThat(this.jdbc.sql("SELECT node_id FROM sf_task WHERE run_id = ? AND task_id = 't2'")
			.param(runId)
			.query(String.class)
			.single()).isEqualTo(this.facts.node(runId)).isNotEqualTo(zombieNode);
		assertThat(survivor.process().isAlive()).isTrue();
	}

	/** Everything the run store holds of the run and its tasks, as one string. */
	private String snapshot(String runId) {
		String run = this.jdbc.sql("SELECT row_to_json(r)::text FROM sf_run r WHERE run_id = ?")
			.param(runId)
			.query(String.class)
			.single();
		List<String> tasks = this.jdbc
			.sql("SELECT row_to_json(t)::text FROM sf_task t WHERE run_id = ? ORDER BY position")
			.param(runId)
			.query(String.class)
			.list();
		long logs = this.jdbc.sql("SELECT count(*) FROM sf_task_log WHERE run_id = ?")
			.param(runId)
			.query(Long.class)
			.single();
		return run + tasks + logs;
	}

}
