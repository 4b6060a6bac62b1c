package io.sermonflow.pool;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.InvalidDagException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolDeclarationTest {

	private final Dag ingest = Dag.dag("ingest")
		.task("probe", (c) -> 1)
		.task("transcode", List.of("probe"), (c) -> 2)
		.pool("transcode")
		.build();

	@Test
	void pool_applies_to_the_task_declared_just_before_it() {
		assertThat(this.ingest.task("transcode").orElseThrow().pool()).isEqualTo("transcode");
		assertThat(this.ingest.task("probe").orElseThrow().pool()).isNull();
	}

	@Test
	void refuses_to_start_when_a_task_uses_a_pool_without_slots() {
		assertThatThrownBy(() -> slots(Map.of())).isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("ingest")
			.hasMessageContaining("task 'transcode' uses pool 'transcode'")
			.hasMessageContaining("SERMONFLOW_POOLS_TRANSCODE");
		assertThatThrownBy(() -> slots(Map.of("transcode", 0))).isInstanceOf(InvalidDagException.class);
	}

	@Test
	void starts_when_every_declared_pool_has_slots() {
		assertThat(slots(Map.of("transcode", 1)).capacities()).containsEntry("transcode", 1);
	}

	@Test
	void a_pool_capped_per_node_counts_its_slots_from_the_cores_of_the_node() {
		assertThat(nodeSlots("cores/2", 2)).containsEntry("transcode", 1);
		assertThat(nodeSlots("cores/2", 8)).containsEntry("transcode", 4);
		assertThat(nodeSlots("cores/2", 1)).containsEntry("transcode", 1);
		assertThat(nodeSlots("cores", 6)).containsEntry("transcode", 6);
		assertThat(nodeSlots(" 3 ", 2)).containsEntry("transcode", 3);
		// a per-node cap alone is enough to start; no cluster-wide cap is then set
		assertThat(new JdbcPoolSlots(null, null, Clock.systemUTC(),
				new PoolProperties(Map.of(), Map.of("transcode", "cores/2")), new DagRegistry(List.of(this.ingest)), 2)
			.capacities()).isEmpty();
	}

	@Test
	void a_per_node_count_that_is_not_a_number_or_cores_n_is_refused_naming_the_setting() {
		for (String bad : List.of("half", "cores/0", "cores*2", "-1", "2.5")) {
			assertThatThrownBy(() -> nodeSlots(bad, 2)).as(bad)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("SERMONFLOW_NODE_POOLS_TRANSCODE")
				.hasMessageContaining("cores/N");
		}
		// empty or 0: no per-node cap, so a task in the pool has no slots at all
		assertThatThrownBy(() -> nodeSlots("0", 2)).isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("SERMONFLOW_NODE_POOLS_TRANSCODE");
		assertThatThrownBy(() -> nodeSlots("", 2)).isInstanceOf(InvalidDagException.class);
	}

	@Test
	void a_pool_call_before_any_task_or_with_a_bad_name_is_refused() {
		assertThatThrownBy(() -> Dag.dag("d").pool("transcode")).isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("must follow the task");
		assertThatThrownBy(() -> Dag.dag("d").task("t", (c) -> 1).pool("../etc"))
			.isInstanceOf(InvalidDagException.class);
	}

	private Map<String, Integer> nodeSlots(String value, int cores) {
		return new JdbcPoolSlots(null, null, Clock.systemUTC(),
				new PoolProperties(Map.of(), Map.of("transcode", value)), new DagRegistry(List.of(this.ingest)), cores)
			.nodeCapacities();
	}

	private JdbcPoolSlots slots(Map<String, Integer> pools) {
		return new JdbcPoolSlots(null, null, Clock.systemUTC(), new PoolProperties(pools),
				new DagRegistry(List.of(this.ingest)));
	}

}
