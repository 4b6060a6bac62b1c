package io.sermonflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sermonflow.config.NodeLease;
import io.sermonflow.control.RunActions;
import io.sermonflow.mapping.PieceStatus;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.mapping.PieceView;
import io.sermonflow.mapping.PieceWorker;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.testing.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.sermonflow.engine.Runs.awaitStatus;
import static io.sermonflow.engine.Runs.maxOverlapOf;
import static io.sermonflow.engine.Runs.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A task mapped over a list runs once per item, as pieces any node with room in the
 * task's pool takes (test-mapped: {@code square} over {@code split}'s items, pool
 * test-pieces, two slots per node).
 */
@EngineTest
class MappedTasksTest {

	@Autowired
	RunActions actions;

	@Autowired
	RunStore runs;

	@Autowired
	PieceStore pieces;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NodeLease lease;

	@Autowired
	EngineNodes children;

	@Autowired
	JsonMapper json;

	@Autowired
	PieceWorker worker;

	@AfterEach
	void stopChildren() throws Exception {
		this.children.stopAll();
	}

	@Test
	void runs_a_piece_per_item_within_the_pool_and_answers_their_results_in_order() {
		String runId = this.actions.trigger("test-mapped", Map.of("n", 6, "sleepMs", 800));
		Run run = awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		assertThat(output(task(run, "sum"))).containsEntry("sum", 0 + 1 + 4 + 9 + 16 + 25)
			.containsEntry("order", List.of(0, 1, 2, 3, 4, 5));
		TaskRun square = task(run, "square");
		assertThat(square.progressDone()).isEqualTo(6);
		assertThat(square.progressTotal()).isEqualTo(6);
		List<PieceView> pieces = this.pieces.pieces(runId);
		assertThat(pieces).hasSize(6).allSatisfy((piece) -> {
			assertThat(piece.status()).isEqualTo(PieceStatus.SUCCEEDED);
			assertThat(piece.nodeId()).isEqualTo(this.lease.nodeId());
			assertThat(piece.attempt()).isEqualTo(1);
			// within the mapped task's span
			assertThat(piece.startedAt()).isAfterOrEqualTo(square.startedAt());
			assertThat(piece.finishedAt()).isBeforeOrEqualTo(square.endedAt());
		});
		// the pool's two slots on this node, both used (the task waiting for its pieces
		// holds none), never more
		assertThat(maxOverlapOf(spans(pieces))).isEqualTo(2);
	}

	@Test
	void a_piece_that_fails_for_good_fails_the_task_naming_the_piece_and_a_retry_keeps_the_pieces_done() {
		String runId = this.actions.trigger("test-mapped", Map.of("n", 4, "fail", 2));
		Run failed = awaitStatus(this.runs, runId, RunStatus.FAILED);
		assertThat(task(failed, "square").status()).isEqualTo(TaskStatus.FAILED);
		assertThat(task(failed, "square").error().message())
			.isEqualTo("Piece 2 of 4 of task 'square' failed: item 2 is broken");
		assertThat(task(failed, "sum").status()).isNotEqualTo(TaskStatus.SUCCEEDED);
		// no piece is left waiting or running for a failed run
		assertThat(this.pieces.pieces(runId)).extracting(PieceView::status)
			.allMatch(PieceStatus::isTerminal)
			.contains(PieceStatus.FAILED);
		Map<Integer, Instant> doneBefore = this.pieces.pieces(runId)
			.stream()
			.filter((piece) -> piece.status() == PieceStatus.SUCCEEDED)
			.collect(Collectors.toMap(PieceView::index, PieceView::finishedAt));

		// the broken item runs again (and works the second time); the pieces done stay
		// done
		this.actions.retry(runId);
		Run run = awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		assertThat(output(task(run, "sum"))).containsEntry("sum", 0 + 1 + 4 + 9);
		this.pieces.pieces(runId).forEach((piece) -> {
			if (doneBefore.containsKey(piece.index())) {
				assertThat(piece.finishedAt()).isEqualTo(doneBefore.get(piece.index()));
				assertThat(piece.attempt()).isEqualTo(1);
			}
		});
		assertThat(this.pieces.pieces(runId).get(2).attempt()).isEqualTo(2);
	}

	@Test
	void a_piece_worker_stopped_and_started_again_runs_pieces() {
		// as Spring's test context cache pauses and resumes a context, or an operator
		// restarts a lifecycle
		this.worker.stop();
		this.worker.start();
		Run run = awaitStatus(this.runs, this.actions.trigger("test-mapped", Map.of("n", 3)), RunStatus.SUCCEEDED);
		assertThat(output(task(run, "sum"))).containsEntry("sum", 0 + 1 + 4);
	}

	@Test
	void a_piece_that_fails_retryably_runs_again_without_a_retry_of_the_run() {
		String runId = this.actions.trigger("test-mapped", Map.of("n", 3, "flaky", 1));
		Run run = awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		assertThat(run.attempt()).isEqualTo(1);
		PieceView flaky = this.pieces.pieces(runId).get(1);
		assertThat(flaky.failures()).isEqualTo(1);
		assertThat(flaky.attempt()).isEqualTo(2);
		assertThat(flaky.error()).isEqualTo("item 1 hiccuped");
	}

	@Test
	void a_cancelled_run_cancels_the_pieces_not_done() {
		String runId = this.actions.trigger("test-mapped", Map.of("n", 8, "sleepMs", 1500));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.pieces.pieces(runId).stream().anyMatch((p) -> p.status() == PieceStatus.RUNNING));
		this.actions.cancel(runId);
		Run run = awaitStatus(this.runs, runId, RunStatus.CANCELLED);
		assertThat(task(run, "square").status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(task(run, "sum").status()).isNotEqualTo(TaskStatus.SUCCEEDED);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.pieces.pieces(runId)).extracting(PieceView::status)
				.allMatch(PieceStatus::isTerminal)
				.contains(PieceStatus.CANCELLED));
	}

	@Test
	void an_empty_list_maps_to_an_empty_result_and_a_result_that_is_no_list_fails_the_run_saying_so() {
		Run empty = awaitStatus(this.runs, this.actions.trigger("test-mapped", Map.of("n", 0)), RunStatus.SUCCEEDED);
		assertThat(task(empty, "square").outputJson()).isEqualTo("[]");
		assertThat(output(task(empty, "sum"))).containsEntry("sum", 0);

		Run notAList = awaitStatus(this.runs, this.actions.trigger("test-mapped", Map.of("notAList", true)),
				RunStatus.FAILED);
		assertThat(task(notAList, "square").error().message())
			.startsWith("Task 'square' is mapped over 'split', whose result is not a list");
		assertThat(task(notAList, "square").error().retryable()).isFalse();
	}

	@Test
	void pieces_spread_over_the_nodes_and_a_lost_node_loses_only_the_piece_it_ran() throws Exception {
		NodeProcess child = this.children.start("mapped", "worker");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.sql(
					"SELECT count(*) FROM sf_node WHERE roles = 'worker' AND heartbeat_at > now() - interval '3 seconds'")
				.query(Long.class)
				.single() >= 1);
		String runId = this.actions.trigger("test-mapped", Map.of("n", 10, "sleepMs", 2500));
		// the child takes pieces alongside this node, then dies with pieces in hand
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.pieces.pieces(runId)
				.stream()
				.anyMatch((p) -> p.status() == PieceStatus.RUNNING && !this.lease.nodeId().equals(p.nodeId())));
		List<PieceView> beforeKill = this.pieces.pieces(runId);
		Set<Integer> onChild = beforeKill.stream()
			.filter((p) -> p.status() == PieceStatus.RUNNING && !this.lease.nodeId().equals(p.nodeId()))
			.map(PieceView::index)
			.collect(Collectors.toSet());
		child.process().destroyForcibly().waitFor();

		Run run = awaitStatus(this.runs, runId, RunStatus.SUCCEEDED);
		assertThat(output(task(run, "sum"))).containsEntry("sum", 285);
		List<PieceView> after = this.pieces.pieces(runId);
		assertThat(after).extracting(PieceView::status).containsOnly(PieceStatus.SUCCEEDED);
		for (PieceView piece : after) {
			PieceView before = beforeKill.get(piece.index());
			if (before.status() == PieceStatus.SUCCEEDED) {
				// done before the kill: kept, not run again
				assertThat(piece.finishedAt()).isEqualTo(before.finishedAt());
				assertThat(piece.nodeId()).isEqualTo(before.nodeId());
			}
			if (onChild.contains(piece.index())) {
				// lost with its node, and run again on this one
				assertThat(piece.attempt()).isGreaterThanOrEqualTo(2);
				assertThat(piece.nodeId()).isEqualTo(this.lease.nodeId());
			}
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> output(TaskRun task) {
		return this.json.readValue(task.outputJson(), Map.class);
	}

	private static List<Instant[]> spans(List<PieceView> pieces) {
		return pieces.stream().map((piece) -> new Instant[] { piece.startedAt(), piece.finishedAt() }).toList();
	}

}
