package io.sermonflow.dag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A named graph of tasks and what starts it. Built with {@link #dag(String)}; validated
 * when built, so an application with a broken DAG refuses to start and names the fault.
 */
public final class Dag {

	private final String id;

	private final List<TaskSpec> tasks;

	private final List<Trigger> triggers;

	private final int priority;

	private final TaskSelector selector;

	private Dag(Builder builder) {
		this.id = builder.id;
		this.tasks = topologicalOrder(builder.id, builder.tasks);
		this.triggers = List.copyOf(builder.triggers);
		this.priority = builder.priority;
		this.selector = builder.selector;
	}

	public static Builder dag(String id) {
		return new Builder(id);
	}

	public String id() {
		return this.id;
	}

	/** The tasks in topological order, declaration order among equals. */
	public List<TaskSpec> tasks() {
		return this.tasks;
	}

	public Optional<TaskSpec> task(String taskId) {
		return this.tasks.stream().filter((task) -> task.id().equals(taskId)).findFirst();
	}

	public List<Trigger> triggers() {
		return this.triggers;
	}

	public int priority() {
		return this.priority;
	}

	public boolean isTriggeredBy(String eventName, Map<String, Object> data) {
		return this.triggers.stream().anyMatch((trigger) -> trigger.matches(eventName, data));
	}

	/**
	 * The tasks a run with this data executes, in topological order: all of them unless
	 * the DAG declares a {@link TaskSelector}. A selection always includes the upstream
	 * of what it selects.
	 */
	public List<TaskSpec> tasksFor(Map<String, Object> data) {
		if (this.selector == null) {
			return this.tasks;
		}
		Set<String> selected = new HashSet<>(this.selector.select(data));
		for (int i = this.tasks.size() - 1; i >= 0; i--) {
			if (selected.contains(this.tasks.get(i).id())) {
				selected.addAll(this.tasks.get(i).dependsOn());
			}
		}
		return this.tasks.stream().filter((task) -> selected.contains(task.id())).toList();
	}

	/**
	 * The given tasks (a topologically ordered selection) grouped in layers: every task's
	 * dependencies lie in earlier layers, so the tasks of one layer may run in parallel.
	 */
	public static List<List<TaskSpec>> layers(List<TaskSpec> tasks) {
		Map<String, Integer> depth = new HashMap<>();
		List<List<TaskSpec>> layers = new ArrayList<>();
		for (TaskSpec task : tasks) {
			int d = task.dependsOn().stream().mapToInt((dep) -> depth.get(dep) + 1).max().orElse(0);
			depth.put(task.id(), d);
			while (layers.size() <= d) {
				layers.add(new ArrayList<>());
			}
			layers.get(d).add(task);
		}
		return layers.stream().map(List::copyOf).toList();
	}

	private static List<TaskSpec> topologicalOrder(String dagId, List<TaskSpec> declared) {
		if (declared.isEmpty()) {
			throw new InvalidDagException(dagId, "it has no tasks");
		}
		Map<String, TaskSpec> byId = new LinkedHashMap<>();
		for (TaskSpec task : declared) {
			if (byId.putIfAbsent(task.id(), task) != null) {
				throw new InvalidDagException(dagId, "task '" + task.id() + "' is declared twice");
			}
		}
		for (TaskSpec task : declared) {
			for (String dep : task.dependsOn()) {
				if (!byId.containsKey(dep)) {
					throw new InvalidDagException(dagId,
							"task '" + task.id() + "' depends on unknown task '" + dep + "'");
				}
			}
		}
		List<TaskSpec> ordered = new ArrayList<>();
		Set<String> done = new HashSet<>();
		while (ordered.size() < declared.size()) {
			TaskSpec next = declared.stream()
				.filter((task) -> !done.contains(task.id()) && done.containsAll(task.dependsOn()))
				.findFirst()
				.orElse(null);
			if (next == null) {
				String stuck = declared.stream()
					.filter((task) -> !done.contains(task.id()))
					.map(TaskSpec::id)
					.findFirst()
					.orElseThrow();
				throw new InvalidDagException(dagId, "task '" + stuck + "' is part of a dependency cycle");
			}
			ordered.add(next);
			done.add(next.id());
		}
		return Collections.unmodifiableList(ordered);
	}

	/** Declares a DAG. */
	public static final class Builder {

		private final String id;

		private final List<TaskSpec> tasks = new ArrayList<>();

		private final List<Trigger> triggers = new ArrayList<>();

		private int priority;

		private TaskSelector selector;

		private Builder(String id) {
			if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,99}")) {
				throw new InvalidDagException(String.valueOf(id),
						"an id is 1-100 lower-case letters, digits and dashes");
			}
			this.id = id;
		}

		public Builder task(String taskId, TaskFunction function) {
			return task(taskId, List.of(), function);
		}

		public Builder task(String taskId, List<String> dependsOn, TaskFunction function) {
			if (taskId == null || !taskId.matches("[a-z0-9_]{1,100}")) {
				throw new InvalidDagException(this.id,
						"task id '" + taskId + "' must be 1-100 lower-case letters, digits and underscores");
			}
			this.tasks.add(new TaskSpec(taskId, dependsOn, function));
			return this;
		}

		public Builder triggeredBy(String eventName) {
			return triggeredBy(eventName, null);
		}

		public Builder triggeredBy(String eventName, Predicate<Map<String, Object>> filter) {
			this.triggers.add(new Trigger(eventName, filter));
			return this;
		}

		/** Higher runs first when several runs wait. */
		public Builder priority(int priority) {
			this.priority = priority;
			return this;
		}

		/** Chooses, per run, which tasks it executes (their upstream comes along). */
		public Builder selectTasks(TaskSelector selector) {
			this.selector = selector;
			return this;
		}

		public Dag build() {
			return new Dag(this);
		}

	}

}
