package io.sermonflow.config;

import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.InvalidDagException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigurationTest {

	@Test
	void refuses_to_start_with_a_bad_cron_naming_the_dag_and_the_schedule() {
		Dag dag = Dag.dag("nightly").task("a", (c) -> null).schedule("every night at three").build();
		assertThatThrownBy(() -> new EngineConfiguration().dagRegistry(List.of(dag)))
			.isInstanceOf(InvalidDagException.class)
			.hasMessageContaining("'nightly'")
			.hasMessageContaining("'every night at three'");
	}

	@Test
	void accepts_a_quartz_cron() {
		Dag dag = Dag.dag("weekly").task("a", (c) -> null).schedule("0 0 3 ? * SUN").build();
		assertThat(new EngineConfiguration().dagRegistry(List.of(dag)).find("weekly")).isPresent();
	}

}
