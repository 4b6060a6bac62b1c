package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sermonflow.admission.PoolSlots;
import io.sermonflow.config.NodeLease;
import io.sermonflow.mapping.MappedTasks;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import io.sermonflow.run.Run;
import io.sermonflow.trace.Traces;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What the task steps of every job share: the run store, JSON, time, metrics, this node's
 * lease, pools and task slots, and the attempts of the runs this node executes now, with
 * a watchdog over their tasks' deadlines.
 */
@Component
class TaskSteps implements DisposableBean {

	private final ClaimedRuns runs;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final RunMetrics metrics;

	private final NodeLease lease;

	private final PoolSlots pools;

	private final TaskSlots slots;

	private final Traces traces;

	private final MappedTasks mapped;

	private final Map<String, RunAttempt> attempts = new ConcurrentHashMap<>();

	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sermonflow-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	TaskSteps(ClaimedRuns runs, Outbox outbox, JsonMapper json, Clock clock, RunMetrics metrics, NodeLease lease,
			PoolSlots pools, TaskSlots slots, Traces traces, MappedTasks mapped) {
		this.mapped = mapped;
		this.runs = runs;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
		this.metrics = metrics;
		this.lease = lease;
		this.pools = pools;
		this.slots = slots;
		this.traces = traces;
	}

	MappedTasks mapped() {
		return this.mapped;
	}

	Traces traces() {
		return this.traces;
	}

	NodeLease lease() {
		return this.lease;
	}

	PoolSlots pools() {
		return this.pools;
	}

	TaskSlots slots() {
		return this.slots;
	}

	ClaimedRuns runs() {
		return this.runs;
	}

	JsonMapper json() {
		return this.json;
	}

	Clock clock() {
		return this.clock;
	}

	RunMetrics metrics() {
		return this.metrics;
	}

	/** The attempt of a run this node executes now. */
	RunAttempt attempt(String runId) {
		RunAttempt attempt = this.attempts.get(runId);
		if (attempt == null) {
			throw new IllegalStateException("Run " + runId + " is not executing on this node");
		}
		return attempt;
	}

	StoredTaskContext contextFor(String runId, String taskId) {
		RunAttempt attempt = attempt(runId);
		return new StoredTaskContext(attempt.claim(), taskId, attempt.data(), this.runs, this.outbox, this.json,
				this.clock);
	}

	/** A run's attempt begins on this node. */
	RunAttempt begin(Run run, Dag dag) {
		// called inside the run's span: its tasks' spans are its children, on any thread
		RunAttempt attempt = new RunAttempt(run.claim(), dag, run.data(), run.startedAt(), run.attempt(),
				this.traces.current());
		this.attempts.put(run.runId(), attempt);
		return attempt;
	}

	void end(String runId) {
		this.attempts.remove(runId);
	}

	/** The claims of the runs this node executes now. */
	List<Claim> claims() {
		return this.attempts.values().stream().map(RunAttempt::claim).toList();
	}

	/**
	 * Stops the tasks of runs this node no longer holds (another node recovered them) and
	 * kills their processes; they write nothing more.
	 */
	void abandon(Collection<String> runIds) {
		for (String runId : runIds) {
			RunAttempt attempt = this.attempts.get(runId);
			if (attempt != null) {
				attempt.lose();
			}
		}
	}

	/**
	 * Watches a task that starts now: it is stopped at its own timeout or its run's
	 * deadline, whichever comes first.
	 */
	TaskWatch watch(RunAttempt attempt, TaskSpec task) {
		Dag dag = attempt.dag();
		Duration taskLimit = dag.timeoutOf(task, contextFor(attempt.claim().runId(), task.id()));
		TaskWatch watch = new TaskWatch(task.id(), attempt.claim(), taskLimit, dag.timeout());
		Instant now = this.clock.instant();
		Instant taskDeadline = (taskLimit != null) ? now.plus(taskLimit) : null;
		Instant runDeadline = attempt.runDeadline();
		if (taskDeadline != null && (runDeadline == null || !runDeadline.isBefore(taskDeadline))) {
			watch.timer(schedule(watch, TaskWatch.Stop.TIMED_OUT, taskDeadline));
		}
		else if (runDeadline != null) {
			watch.timer(schedule(watch, TaskWatch.Stop.RUN_TIMED_OUT, runDeadline));
		}
		attempt.watching(task.id(), watch);
		return watch;
	}

	private java.util.concurrent.ScheduledFuture<?> schedule(TaskWatch watch, TaskWatch.Stop why, Instant at) {
		long delay = Math.max(0, Duration.between(this.clock.instant(), at).toMillis());
		return this.watchdog.schedule(() -> watch.stop(why), delay, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.watchdog.shutdownNow();
	}

}
