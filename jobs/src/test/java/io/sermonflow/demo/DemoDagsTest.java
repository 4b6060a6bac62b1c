package io.sermonflow.demo;

import java.time.Instant;
import java.util.Map;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskContext;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoDagsTest {

	private final Dag noop = new DemoDags().demoNoop();

	@Test
	void demo_noop_runs_a_chain_of_the_requested_length() {
		assertThat(this.noop.tasksFor(Map.of("tasks", 10))).extracting(TaskSpec::id)
			.hasSize(10)
			.startsWith("task_1")
			.endsWith("task_10");
		assertThat(this.noop.tasksFor(Map.of())).hasSize(DemoDags.DEFAULT_TASKS);
	}

	@Test
	void demo_noop_tasks_return_their_index_and_sleep() throws Exception {
		Object result = this.noop.task("task_2").orElseThrow().function().run(context(Map.of("sleepMs", 1)));
		assertThat(result).isEqualTo(Map.of("task", 2, "sleptMs", 1L));
	}

	@Test
	void invalid_data_fails_the_first_task_permanently_naming_the_field() {
		Map<String, Object> data = Map.of("tasks", "many");
		assertThat(this.noop.tasksFor(data)).extracting(TaskSpec::id).containsExactly("task_1");
		assertThatThrownBy(() -> this.noop.task("task_1").orElseThrow().function().run(context(data)))
			.isInstanceOf(PermanentException.class)
			.hasMessageContaining("\"tasks\" must be a whole number from 1 to 100");
	}

	private static TaskContext context(Map<String, Object> data) {
		return new TaskContext() {

			@Override
			public String runId() {
				return "run";
			}

			@Override
			public String taskId() {
				return "task";
			}

			@Override
			public Map<String, Object> data() {
				return data;
			}

			@Override
			public <T> T result(String taskId, Class<T> type) {
				throw new UnsupportedOperationException("demo-noop tasks read no upstream results");
			}

			@Override
			public void progress(long done, long total) {
			}

			@Override
			public void log(String message) {
			}

			@Override
			public String emit(String name, Map<String, Object> data) {
				throw new UnsupportedOperationException("demo-noop emits no events");
			}

			@Override
			public String sendAt(Instant at, String name, Map<String, Object> data) {
				throw new UnsupportedOperationException("demo-noop emits no events");
			}

		};
	}

}
