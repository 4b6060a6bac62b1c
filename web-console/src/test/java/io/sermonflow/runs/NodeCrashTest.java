package io.sermonflow.runs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.support.Api;
import io.sermonflow.support.ChildNode;
import io.sermonflow.support.SermonflowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a real node process in the middle of runs: a restarted node finishes
 * every run SUCCEEDED, even with no retries, and each completed task's effect happened
 * exactly once.
 */
@SermonflowTest
class NodeCrashTest {

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.datasource.url}")
	String dbUrl;

	@Value("${sermonflow.sqs.endpoint}")
	String sqsEndpoint;

	@Value("${sermonflow.es.url}")
	String esUrl;

	private final List<Process> children = new ArrayList<>();

	@AfterEach
	void stopChildren() {
		this.children.forEach(Process::destroyForcibly);
	}

	@Test
	void runs_interrupted_by_kill_9_finish_after_a_restart_with_each_completed_effect_once() throws Exception {
		Process first = startChild("first");
		List<String> runIds = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String runId = UUID.randomUUID().toString();
			this.runs.create(new NewRun(runId, "child-slow", List.of("t1", "t2", "t3"), null, Map.of(), 0, 1, null));
			runIds.add(runId);
		}
		// in the middle: the first task's effect is committed, the second task is running
		await().atMost(Duration.ofSeconds(90))
			.until(() -> runIds.stream().allMatch((id) -> "RUNNING".equals(taskStatus(id, "t2"))));
		first.destroyForcibly().waitFor();

		startChild("restarted");
		await().atMost(Duration.ofSeconds(120))
			.until(() -> runIds.stream()
				.allMatch((id) -> this.runs.find(id).orElseThrow().status() == RunStatus.SUCCEEDED));

		for (String runId : runIds) {
			assertThat(this.runs.find(runId).orElseThrow().attempt()).isEqualTo(1);
			for (String task : List.of("t1", "t2", "t3")) {
				assertThat(effects(runId, task)).as(runId + " " + task).isEqualTo(1);
			}
			assertThat(this.jdbc.sql("SELECT node_recoveries FROM sf_run WHERE run_id = ?")
				.param(runId)
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
	}

	private String taskStatus(String runId, String taskId) {
		return this.jdbc.sql("SELECT status FROM sf_task WHERE run_id = ? AND task_id = ?")
			.params(runId, taskId)
			.query(String.class)
			.single();
	}

	private int effects(String runId, String taskId) {
		return this.jdbc.sql("SELECT attempts FROM sf_demo_flaky WHERE key = ?")
			.param("ledger:" + runId + ":" + taskId)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	private Process startChild(String name) throws Exception {
		Process child = ChildNode.start(name, this.dbUrl, this.sqsEndpoint, this.esUrl, "worker");
		this.children.add(child);
		return child;
	}

}
