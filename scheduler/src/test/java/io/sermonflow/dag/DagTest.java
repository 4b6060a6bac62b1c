package io.sermonflow.dag;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DagTest {

	private static final TaskFunction NOOP = (context) -> null;

	@Test
	void orders_tasks_topologically_keeping_declaration_order_among_equals() {
		Dag dag = Dag.dag("d")
			.task("publish", List.of("transcode", "index"), NOOP)
			.task("probe", NOOP)
			.task("transcode", List.of("probe"), NOOP)
			.task("index", List.of("probe"), NOOP)
			.build();
		assertThat(dag.tasks()).extracting(TaskSpec::id).containsExactly("probe", "transcode", "index", "publish");
	}

	@Test
	void groups_independent_tasks_into_parallel_layers() {
		Dag dag = Dag.dag("d")
			.task("probe", NOOP)
			.task("transcode", List.of("probe"), NOOP)
			.task("transcribe", List.of("probe"), NOOP)
			.task("save", List.of("transcribe"), NOOP)
			.task("publish", List.of("transcode", "save"), NOOP)
			.build();
		assertThat(Dag.layers(dag.tasks())).extracting((layer) -> layer.stream().map(TaskSpec::id).toList())
			.containsExactly(List.of("probe"), List.of("transcode", "transcribe"), List.of("save"), List.of("publish"));
	}

	@Test
	void refuses_a_cycle_naming_the_dag_and_a_task() {
		assertThatThrownBy(() -> Dag.dag("loop").task("a", List.of("b"), NOOP).task("b", List.of("a"), NOOP).build())
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("'loop'")
			.hasMessageContaining("'a' is part of a dependency cycle");
	}

	@Test
	void refuses_an_unknown_dependency() {
		assertThatThrownBy(() -> Dag.dag("d").task("a", List.of("ghost"), NOOP).build())
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("task 'a' depends on unknown task 'ghost'");
	}

	@Test
	void a_mapped_task_depends_on_its_list_needs_a_pool_and_changes_the_version() {
		Dag mapped = Dag.dag("d")
			.task("split", NOOP)
			.mappedTask("piece", "split", NOOP)
			.pool("pieces")
			.task("join", List.of("piece"), NOOP)
			.build();
		TaskSpec piece = mapped.task("piece").orElseThrow();
		assertThat(piece.isMapped()).isTrue();
		assertThat(piece.mapOver()).isEqualTo("split");
		assertThat(piece.dependsOn()).containsExactly("split");
		Dag plain = Dag.dag("d")
			.task("split", NOOP)
			.task("piece", List.of("split"), NOOP)
			.pool("pieces")
			.task("join", List.of("piece"), NOOP)
			.build();
		assertThat(plain.version()).isNotEqualTo(mapped.version());
		assertThatThrownBy(() -> Dag.dag("d").task("split", NOOP).mappedTask("piece", "split", NOOP).build())
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("mapped task 'piece' needs a pool");
		assertThatThrownBy(() -> Dag.dag("d").mappedTask("piece", "ghost", NOOP).pool("pieces").build())
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("task 'piece' depends on unknown task 'ghost'");
	}

	@Test
	void refuses_a_duplicate_task() {
		assertThatThrownBy(() -> Dag.dag("d").task("a", NOOP).task("a", NOOP).build())
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("task 'a' is declared twice");
	}

	@Test
	void refuses_two_dags_with_one_id() {
		Dag one = Dag.dag("same").task("a", NOOP).build();
		Dag two = Dag.dag("same").task("b", NOOP).build();
		assertThatThrownBy(() -> new DagRegistry(List.of(one, two))).isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("'same'");
	}

	@Test
	void a_task_selection_brings_its_upstream_along() {
		Dag dag = Dag.dag("d")
			.task("a", NOOP)
			.task("b", List.of("a"), NOOP)
			.task("c", List.of("b"), NOOP)
			.task("d", List.of("a"), NOOP)
			.selectTasks((data) -> List.of((String) data.get("only")))
			.build();
		assertThat(dag.tasksFor(Map.of("only", "c"))).extracting(TaskSpec::id).containsExactly("a", "b", "c");
	}

	@Test
	void triggers_match_name_and_filter() {
		Dag dag = Dag.dag("d")
			.task("a", NOOP)
			.triggeredBy("sermon/uploaded", (data) -> "church-1".equals(data.get("churchId")))
			.build();
		assertThat(dag.isTriggeredBy("sermon/uploaded", Map.of("churchId", "church-1"))).isTrue();
		assertThat(dag.isTriggeredBy("sermon/uploaded", Map.of("churchId", "church-2"))).isFalse();
		assertThat(dag.isTriggeredBy("sermon/deleted", Map.of("churchId", "church-1"))).isFalse();
	}

	@Test
	void finds_everything_downstream_of_a_task() {
		Dag dag = Dag.dag("d")
			.task("probe", NOOP)
			.task("transcode", List.of("probe"), NOOP)
			.task("transcribe", List.of("probe"), NOOP)
			.task("save", List.of("transcribe"), NOOP)
			.task("publish", List.of("transcode", "save"), NOOP)
			.build();
		assertThat(dag.downstreamOf("transcribe")).containsExactly("save", "publish");
		assertThat(dag.downstreamOf("publish")).isEmpty();
	}

	@Test
	void a_task_is_either_a_function_or_a_chunk() {
		ChunkSpec<Integer, Integer> chunk = new ChunkSpec<>((c) -> () -> null, (item, c) -> item, (items, c) -> {
		}, 10, 0, 0);
		Dag dag = Dag.dag("d").chunkTask("many", List.of(), chunk).task("after", List.of("many"), NOOP).build();
		assertThat(dag.task("many").orElseThrow().isChunked()).isTrue();
		assertThat(dag.task("after").orElseThrow().isChunked()).isFalse();
		assertThatThrownBy(() -> new ChunkSpec<>((c) -> () -> null, (item, c) -> item, (items, c) -> {
		}, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void the_version_changes_with_tasks_and_edges_but_not_with_limits_or_timeouts() {
		Dag base = Dag.dag("d").task("a", NOOP).task("b", List.of("a"), NOOP).build();
		Dag sameShape = Dag.dag("d")
			.maxActiveRuns(3)
			.retries(2)
			.taskTimeout(java.time.Duration.ofMinutes(5))
			.task("a", NOOP)
			.task("b", List.of("a"), NOOP)
			.build();
		Dag renamed = Dag.dag("d").task("a", NOOP).task("c", List.of("a"), NOOP).build();
		Dag rewired = Dag.dag("d").task("a", NOOP).task("b", NOOP).build();
		assertThat(base.version()).isEqualTo(sameShape.version()).hasSize(12);
		assertThat(renamed.version()).isNotEqualTo(base.version());
		assertThat(rewired.version()).isNotEqualTo(base.version());
	}

	@Test
	void a_task_timeout_is_the_tasks_own_or_else_the_dags_default() {
		Dag dag = Dag.dag("d")
			.taskTimeout(java.time.Duration.ofMinutes(30))
			.task("probe", NOOP)
			.task("transcode", List.of("probe"), NOOP)
			.pool("transcode")
			.timesOutAfter((context) -> java.time.Duration.ofMinutes(10))
			.build();
		assertThat(dag.timeoutOf(dag.task("probe").orElseThrow(), null)).isEqualTo(java.time.Duration.ofMinutes(30));
		TaskSpec transcode = dag.task("transcode").orElseThrow();
		assertThat(dag.timeoutOf(transcode, null)).isEqualTo(java.time.Duration.ofMinutes(10));
		// the timeout and the pool are both kept, whatever their order
		assertThat(transcode.pool()).isEqualTo("transcode");
	}

	@Test
	void a_dependency_outside_the_selection_counts_as_met_when_laying_out_layers() {
		Dag dag = Dag.dag("d").task("a", NOOP).task("b", List.of("a"), NOOP).task("c", List.of("b"), NOOP).build();
		assertThat(Dag.layers(dag.tasks().subList(1, 3)))
			.extracting((layer) -> layer.stream().map(TaskSpec::id).toList())
			.containsExactly(List.of("b"), List.of("c"));
	}

	@Test
	void says_which_tasks_a_changed_dag_lacks() {
		Dag dag = Dag.dag("d").task("a", NOOP).build();
		assertThat(dag.changedSince("0123456789ab", List.of("gone")))
			.isEqualTo("DAG 'd' changed since the run started (version 0123456789ab, now " + dag.version()
					+ "): task 'gone' is no longer in it");
	}

}
