package io.sermonflow.demo;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.sermonflow.dag.Dag;
import io.sermonflow.error.PermanentException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** DAGs for smoke tests and benchmarks (API.md §5). */
@Configuration(proxyBeanMethods = false)
class DemoDags {

	/**
	 * The longest chain {@code demo/noop} may ask for, so one event cannot flood the
	 * engine.
	 */
	static final int MAX_TASKS = 100;

	static final int DEFAULT_TASKS = 3;

	static final int MAX_SLEEP_MS = 60_000;

	/**
	 * {@code demo-noop}: a chain of n tasks ({@code data.tasks}, default 3), each
	 * sleeping m ms ({@code data.sleepMs}, default 0) and returning
	 * {@code {"task":i,"sleptMs":m}}; no retries.
	 */
	@Bean
	Dag demoNoop() {
		Dag.Builder dag = Dag.dag("demo-noop").triggeredBy("demo/noop").selectTasks(DemoDags::noopTasks);
		for (int i = 1; i <= MAX_TASKS; i++) {
			int index = i;
			List<String> dependsOn = (i > 1) ? List.of(taskId(i - 1)) : List.of();
			dag.task(taskId(i), dependsOn, (context) -> {
				intParam(context.data(), "tasks", DEFAULT_TASKS, 1, MAX_TASKS);
				long sleepMs = intParam(context.data(), "sleepMs", 0, 0, MAX_SLEEP_MS);
				if (sleepMs > 0) {
					Thread.sleep(sleepMs);
				}
				return Map.of("task", index, "sleptMs", sleepMs);
			});
		}
		return dag.build();
	}

	/**
	 * The first n tasks. Invalid data selects only the first task, whose validation then
	 * fails the run with a permanent error naming the field.
	 */
	private static List<String> noopTasks(Map<String, Object> data) {
		int tasks;
		try {
			tasks = intParam(data, "tasks", DEFAULT_TASKS, 1, MAX_TASKS);
			intParam(data, "sleepMs", 0, 0, MAX_SLEEP_MS);
		}
		catch (PermanentException ex) {
			tasks = 1;
		}
		return IntStream.rangeClosed(1, tasks).mapToObj(DemoDags::taskId).toList();
	}

	private static String taskId(int index) {
		return "task_" + index;
	}

	private static int intParam(Map<String, Object> data, String name, int fallback, int min, int max) {
		Object value = data.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() < min
				|| number.intValue() > max) {
			throw new PermanentException(
					"demo/noop: \"" + name + "\" must be a whole number from " + min + " to " + max + ", got " + value);
		}
		return number.intValue();
	}

}
