package io.sermonflow.dag;

import java.time.Duration;
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

	private final RetryPolicy retryPolicy;

	private final Duration timeout;

	private final FailureHandler onFailure;

	private final int maxActiveRuns;

	private final List<String> schedules;

	private final String concurrencyKey;

	private final int maxRunsPerKey;

	private final Duration taskTimeout;

	private final RetryPolicy onFailureRetries;

	private final String version;

	private Dag(Builder builder) {
		this.id = builder.id;
		this.tasks = topologicalOrder(builder.id, builder.tasks);
		this.tasks.stream().filter((task) -> task.isMapped() && task.pool() == null).findFirst().ifPresent((task) -> {
			throw new InvalidDagException(builder.id, "mapped task '" + task.id()
					+ "' needs a pool (pool(...) after it): its pieces run wherever that pool has a free slot");
		});
		this.triggers = List.copyOf(builder.triggers);
		this.priority = builder.priority;
		this.selector = builder.selector;
		this.retryPolicy = builder.retryPolicy;
		this.timeout = builder.timeout;
		this.onFailure = builder.onFailure;
		this.maxActiveRuns = builder.maxActiveRuns;
		this.schedules = List.copyOf(builder.schedules);
		this.concurrencyKey = builder.concurrencyKey;
		this.maxRunsPerKey = builder.maxRunsPerKey;
		this.taskTimeout = builder.taskTimeout;
		this.onFailureRetries = builder.onFailureRetries;
		this.version = structuralVersion(this.id, this.tasks);
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

	public RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * The longest a run may take from its first start; the task running when it passes is
	 * interrupted. Null for no limit.
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/** The default timeout of one attempt of a task of this DAG; null for none. */
	public Duration taskTimeout() {
		return this.taskTimeout;
	}

	/**
	 * How long one attempt of a task may take, from the task's own timeout or else the
	 * DAG's default for its tasks; null for no limit.
	 */
	public Duration timeoutOf(TaskSpec task, TaskContext context) {
		if (task.timeout() != null) {
			return task.timeout().limitFor(context);
		}
		return this.taskTimeout;
	}

	public Optional<FailureHandler> onFailure() {
		return Optional.ofNullable(this.onFailure);
	}

	/**
	 * How often the onFailure work is tried before it is given up: the handler may fail
	 * too (a webhook down), and it runs again with backoff.
	 */
	public RetryPolicy onFailureRetries() {
		return this.onFailureRetries;
	}

	/**
	 * The structural version of the DAG: a hash of its tasks, their kinds and their
	 * edges. A run records the version it started with; a deploy that changes the
	 * structure changes it, while limits, timeouts and retries do not.
	 */
	public String version() {
		return this.version;
	}

	/** Runs of this DAG that may be active at once; 0 for no limit. */
	public int maxActiveRuns() {
		return this.maxActiveRuns;
	}

	/** Quartz cron expressions (UTC) that start runs of this DAG. */
	public List<String> schedules() {
		return this.schedules;
	}

	/**
	 * The event-data field whose value limits concurrent runs (such as a church id), or
	 * null.
	 */
	public String concurrencyKey() {
		return this.concurrencyKey;
	}

	/**
	 * Runs that may be active at once per value of the concurrency key; 0 for no limit.
	 */
	public int maxRunsPerKey() {
		return this.maxRunsPerKey;
	}

	/**
	 * The concurrency key's value in a run's data, or null when the DAG has none or it is
	 * absent.
	 */
	public String concurrencyKeyOf(Map<String, Object> data) {
		if (this.concurrencyKey == null) {
			return null;
		}
		Object value = data.get(this.concurrencyKey);
		return (value != null) ? String.valueOf(value) : null;
	}

	/**
	 * Why a run recorded with another version of this DAG cannot go on: the tasks it
	 * still needs are gone.
	 */
	public String changedSince(String runVersion, List<String> goneTasks) {
		return "DAG '" + this.id + "' changed since the run started (version "
				+ ((runVersion != null) ? runVersion : "unrecorded") + ", now " + this.version + "): "
				+ ((goneTasks.size() == 1) ? "task '" + goneTasks.get(0) + "' is" : "tasks " + goneTasks + " are")
				+ " no longer in it";
	}

	/** The tasks downstream of the given one, transitively, in topological order. */
	public List<String> downstreamOf(String taskId) {
		Set<String> downstream = new HashSet<>();
		downstream.add(taskId);
		List<String> ordered = new ArrayList<>();
		for (TaskSpec task : this.tasks) {
			if (task.dependsOn().stream().anyMatch(downstream::contains)) {
				downstream.add(task.id());
				ordered.add(task.id());
			}
		}
		return ordered;
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
	 * A dependency outside the selection counts as met (its result is stored, or a
	 * changed DAG no longer has it).
	 */
	public static List<List<TaskSpec>> layers(List<TaskSpec> tasks) {
		Map<String, Integer> depth = new HashMap<>();
		List<List<TaskSpec>> layers = new ArrayList<>();
		for (TaskSpec task : tasks) {
			int d = task.dependsOn()
				.stream()
				.filter(depth::containsKey)
				.mapToInt((dep) -> depth.get(dep) + 1)
				.max()
				.orElse(0);
			depth.put(task.id(), d);
			while (layers.size() <= d) {
				layers.add(new ArrayList<>());
			}
			layers.get(d).add(task);
		}
		return layers.stream().map(List::copyOf).toList();
	}

	private static String structuralVersion(String id, List<TaskSpec> tasks) {
		StringBuilder shape = new StringBuilder(id);
		for (TaskSpec task : tasks) {
			shape.append('\n')
				.append(task.id())
				.append(task.isChunked() ? " chunk <- " : task.isMapped() ? " mapped <- " : " task <- ")
				.append(String.join(",", task.dependsOn().stream().sorted().toList()));
		}
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(shape.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", ex);
		}
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

		private RetryPolicy retryPolicy = RetryPolicy.NONE;

		private Duration timeout;

		private FailureHandler onFailure;

		private int maxActiveRuns;

		private final List<String> schedules = new ArrayList<>();

		private String concurrencyKey;

		private int maxRunsPerKey;

		private Duration taskTimeout;

		private RetryPolicy onFailureRetries = new RetryPolicy(2, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));

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
			this.tasks.add(new TaskSpec(checkedId(taskId), dependsOn, function, null));
			return this;
		}

		/**
		 * A task mapped over the list that the task {@code over} returns (Airflow's
		 * dynamic task mapping): {@code function} runs once per item, each run a piece
		 * that reads its item with {@link TaskContext#item}, and the task's result is the
		 * list of the pieces' results, in the items' order. Pieces run wherever the
		 * task's pool (required: {@link #pool} after this) has a free slot, on any node;
		 * a piece whose node is lost runs again, and the others keep their results.
		 */
		public Builder mappedTask(String taskId, String over, TaskFunction function) {
			this.tasks.add(new TaskSpec(checkedId(taskId), List.of(over), function, null).mappedOver(over));
			return this;
		}

		/**
		 * A chunk-oriented task: many items read, processed and written in committed
		 * chunks.
		 */
		public <I, O> Builder chunkTask(String taskId, List<String> dependsOn, ChunkSpec<I, O> chunk) {
			this.tasks.add(new TaskSpec(checkedId(taskId), dependsOn, null, chunk));
			return this;
		}

		/**
		 * Retries a failed run up to n times, waiting 1 s, 2 s, 4 s, … (at most 10 min),
		 * with jitter.
		 */
		public Builder retries(int retries) {
			return retries(retries, Duration.ofSeconds(1), Duration.ofMinutes(10));
		}

		public Builder retries(int retries, Duration initialBackoff, Duration maxBackoff) {
			this.retryPolicy = new RetryPolicy(retries, initialBackoff, 2, maxBackoff);
			return this;
		}

		/**
		 * The longest a run may take from its first start, retries included; the task
		 * running when it passes is interrupted and the run fails.
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = positive(timeout, "the timeout");
			return this;
		}

		/**
		 * The longest one attempt of any task of this DAG may take, unless the task
		 * declares its own ({@link #timesOutAfter}). When it passes, the task's thread is
		 * interrupted, its processes are killed, and the attempt fails as retryable.
		 */
		public Builder taskTimeout(Duration timeout) {
			this.taskTimeout = positive(timeout, "the task timeout");
			return this;
		}

		/**
		 * The timeout of the task declared last, decided when it starts (a transcode gets
		 * time in proportion to the recording's length).
		 */
		public Builder timesOutAfter(TaskTimeout timeout) {
			if (this.tasks.isEmpty()) {
				throw new InvalidDagException(this.id, "timesOutAfter must follow the task it applies to");
			}
			int last = this.tasks.size() - 1;
			this.tasks.set(last, this.tasks.get(last).timingOutAfter(timeout));
			return this;
		}

		public Builder timesOutAfter(Duration timeout) {
			positive(timeout, "the task timeout");
			return timesOutAfter(TaskTimeout.of(timeout));
		}

		/**
		 * Runs once after the run's last attempt failed; tried again with backoff when it
		 * fails itself (three attempts unless {@link #onFailure(FailureHandler, int)}
		 * says otherwise).
		 */
		public Builder onFailure(FailureHandler handler) {
			this.onFailure = handler;
			return this;
		}

		public Builder onFailure(FailureHandler handler, int retries) {
			this.onFailure = handler;
			this.onFailureRetries = new RetryPolicy(retries, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));
			return this;
		}

		private Duration positive(Duration timeout, String what) {
			if (timeout == null || timeout.isZero() || timeout.isNegative()) {
				throw new InvalidDagException(this.id, what + " must be positive");
			}
			return timeout;
		}

		public Builder maxActiveRuns(int maxActiveRuns) {
			if (maxActiveRuns < 0) {
				throw new InvalidDagException(this.id, "maxActiveRuns must be 0 (no limit) or more");
			}
			this.maxActiveRuns = maxActiveRuns;
			return this;
		}

		/**
		 * Limits the runs active at once per value of an event-data field, such as one
		 * ingest per church: {@code concurrencyKey("churchId", 1)}.
		 */
		public Builder concurrencyKey(String field, int maxRunsPerKey) {
			if (field == null || field.isBlank() || maxRunsPerKey < 1) {
				throw new InvalidDagException(this.id, "a concurrency key needs a field name and a limit of 1 or more");
			}
			this.concurrencyKey = field;
			this.maxRunsPerKey = maxRunsPerKey;
			return this;
		}

		/**
		 * Starts a run on a Quartz cron schedule (UTC); validated when the application
		 * starts.
		 */
		public Builder schedule(String cron) {
			this.schedules.add(cron);
			return this;
		}

		public Builder triggeredBy(String eventName) {
			return triggeredBy(eventName, null);
		}

		public Builder triggeredBy(String eventName, Predicate<Map<String, Object>> filter) {
			this.triggers.add(new Trigger(eventName, filter));
			return this;
		}

		/**
		 * Puts the task declared last in a pool: it holds one of the pool's slots
		 * (configured as {@code sermonflow.pools.<name>}) only while it runs, and waits,
		 * with the reason shown on its run, while the pool is full.
		 */
		public Builder pool(String pool) {
			if (this.tasks.isEmpty()) {
				throw new InvalidDagException(this.id, "pool('" + pool + "') must follow the task it applies to");
			}
			if (pool == null || !pool.matches("[a-z0-9][a-z0-9-]{0,49}")) {
				throw new InvalidDagException(this.id,
						"pool name '" + pool + "' must be 1-50 lower-case letters, digits and dashes");
			}
			int last = this.tasks.size() - 1;
			this.tasks.set(last, this.tasks.get(last).inPool(pool));
			return this;
		}

		/** Higher runs first when several runs wait. */
		public Builder priority(int priority) {
			this.priority = priority;
			return this;
		}

		private String checkedId(String taskId) {
			if (taskId == null || !taskId.matches("[a-z0-9_]{1,100}")) {
				throw new InvalidDagException(this.id,
						"task id '" + taskId + "' must be 1-100 lower-case letters, digits and underscores");
			}
			return taskId;
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
