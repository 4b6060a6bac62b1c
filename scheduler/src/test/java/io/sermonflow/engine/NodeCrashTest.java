package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a real node process in the middle of runs: a restarted node finishes
 * every run SUCCEEDED, even with no retries, and each completed task's effect happened
 * exactly once.
 */
@EngineTest
class NodeCrashTest {

	@Autowired
	RunStore runs;

	@Autowired
	EngineNodes children;

	@Autowired
	RunFacts facts;

	@AfterEach
	void stopChildren() throws Exception {
		this.children.stopAll();
	}

	@Test
	void runs_interrupted_by_kill_9_finish_after_a_restart_with_each_completed_effect_once() throws Exception {
		Process first = this.children.start("first", "worker").process();
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String runId = UUID.randomUUID().toString();
			this.runs.create(new NewRun(runId, "child-slow", List.of("t1", "t2", "t3"), null, Map.of(), 0, 1, null));
			runIds.add(runId);
		}
		// in the middle: the first task's effect is committed, the second task is running
		await().atMost(Duration.ofSeconds(90))
			.until(() -> runIds.stream().allMatch((id) -> "RUNNING".equals(this.facts.taskStatus(id, "t2"))));
		first.destroyForcibly().waitFor();

		this.children.start("restarted", "worker");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> runIds.stream().allMatch((id) -> "SUCCEEDED".equals(this.facts.status(id))));

		for (String runId : runIds) {
			assertThat(this.runs.find(runId).orElseThrow().attempt()).isEqualTo(1);
			for (String task : List.of("t1", "t2", "t3")) {
				assertThat(this.facts.effects(runId, task)).as(runId + " " + task).isEqualTo(1);
			}
			assertThat(this.facts.recoveries(runId)).isEqualTo(1);
		}
	}

}
