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

}
