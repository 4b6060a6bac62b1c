package io.sermonflow.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.sermonflow.trace.Traces;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.FailedRun;
import io.sermonflow.dag.FailureHandler;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.schedule.RetryTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes a claimed run as a Spring Batch job on the calling thread and decides what
 * follows: the run's state is derived from the JobExecution, so the API and the job
 * repository agree. A failed attempt with only retryable errors waits on a durable timer
 * for its next attempt; a permanent error or the last attempt fails the run, and the
 * DAG's onFailure handler then runs once.
 */
@Component
public class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	/** Like lost nodes, platform failures are forgiven this many times per run. */
	private static final int MAX_INFRASTRUCTURE_RECOVERIES = 3;

	private final DagRegistry dags;

	private final DagJobFactory jobs;

	private final JobOperator jobOperator;

	private final RunStore runs;

	private final RetryTimers retryTimers;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	private final RunMetrics metrics;

	private final JsonMapper json;

	private final Clock clock;

	private final TaskSteps steps;

	RunLauncher(DagRegistry dags, DagJobFactory jobs, JobOperator jobOperator, RunStore runs, RetryTimers retryTimers,
			Outbox outbox, TransactionTemplate transaction, RunMetrics metrics, JsonMapper json, Clock clock,
			TaskSteps steps, Traces traces) {
		this.traces = traces;
		this.steps = steps;
		this.dags = dags;
		this.jobs = jobs;
		this.jobOperator = jobOperator;
		this.runs = runs;
		this.retryTimers = retryTimers;
		this.outbox = outbox;
		this.transaction = transaction;
		this.metrics = metrics;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Runs a RUNNING run's attempt to its end and returns the state the run is left in.
	 * The run is as claimed: with its tasks' ids and states, not their results.
	 */
	private final Traces traces;

	public RunStatus execute(Run claimed) {
		try (var mdcRun = MDC.putCloseable("runId", claimed.runId());
				Traces.Scope trace = this.traces.continueTrace("sermonflow.run " + claimed.dagId(),
						claimed.traceparent())) {
			return executeAttempt(claimed);
		}
	}

	private RunStatus executeAttempt(Run run) {
		Dag dag = this.dags.find(run.dagId()).orElse(null);
		if (dag == null) {
			return fail(run, null, "DAG '" + run.dagId() + "' is not deployed on this node", null);
		}
		List<String> taskIds = run.tasks().stream().map(TaskRun::taskId).toList();
		List<TaskSpec> tasks = dag.tasks().stream().filter((task) -> taskIds.contains(task.id())).toList();
		if (tasks.size() != taskIds.size()) {
			return fail(run, dag, "DAG '" + run.dagId() + "' on this node lacks tasks of the run " + taskIds, null);
		}
		this.metrics.runStarted(dag.id(), run.attempt());
		JobExecution execution;
		this.steps.running(run);
		// Spring Batch's own check is off (AsyncBookkeeping wraps its writes in
		// transactions); a job started inside one would run as one transaction
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A run's job must not start inside a transaction");
		try {
			execution = this.jobOperator.start(this.jobs.jobFor(dag, tasks, run.runId()), RunParameters.of(run));
		}
		catch (JobRestartException ex) {
			// an execution left UNKNOWN (its end could not be recorded while the database
			// was away)
			// cannot be restarted; a new generation can, and skips the tasks whose
			// results we hold
			if (this.runs.nextGeneration(run.runId())) {
				log.warn("Run {}: Spring Batch cannot restart its execution ({}); starting generation {}", run.runId(),
						ex.getMessage(), run.generation() + 1);
				return executeAttempt(this.runs.find(run.runId()).orElseThrow());
			}
			return fail(run, dag, "Could not launch the run: " + ex.getMessage(), null);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			// this generation completed, but recording it did not (the database went
			// away): the job
			// repository is the truth
			return succeed(run, dag, null);
		}
		catch (Exception ex) {
			log.error("Run {} of {} could not be launched", run.runId(), run.dagId(), ex);
			return fail(run, dag, "Could not launch the run: " + ex.getMessage(), null);
		}
		finally {
			this.steps.ended(run.runId());
		}
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return succeed(run, dag, execution.getId());
		}
		if (status == BatchStatus.STOPPED && !this.steps.lease().isHeld()) {
			log.warn("Run {} stopped because this node lost its lease; another node recovers it", run.runId());
			return RunStatus.RUNNING;
		}
		if (status == BatchStatus.STOPPED) {
			return cancel(run, dag, execution.getId());
		}
		return afterFailedAttempt(run, dag, execution);
	}

	private RunStatus succeed(Run run, Dag dag, Long jobExecutionId) {
		this.runs.finish(run.runId(), RunStatus.SUCCEEDED, null, jobExecutionId);
		this.metrics.runFinished(dag.id(), RunStatus.SUCCEEDED.name());
		return RunStatus.SUCCEEDED;
	}

	private RunStatus cancel(Run run, Dag dag, long jobExecutionId) {
		this.transaction.executeWithoutResult((tx) -> {
			this.runs.finish(run.runId(), RunStatus.CANCELLED, null, jobExecutionId);
			this.runs.closeUnfinishedTasks(run.runId(), TaskStatus.CANCELLED);
		});
		this.metrics.runFinished(dag.id(), RunStatus.CANCELLED.name());
		return RunStatus.CANCELLED;
	}

	private RunStatus afterFailedAttempt(Run run, Dag dag, JobExecution execution) {
		boolean permanentTaskFailure = this.runs.find(run.runId())
			.orElseThrow()
			.tasks()
			.stream()
			.anyMatch((t) -> t.status() == TaskStatus.FAILED && t.error() != null && !t.error().retryable());
		if (!permanentTaskFailure
				&& execution.getAllFailureExceptions().stream().anyMatch(InfrastructureFailures::isInfrastructure)) {
			// the database went away under the run: not the task's fault, so no retry is
			// used
			RunStatus status = this.transaction
				.execute((tx) -> this.runs.recoverFromLostNode(run.runId(), MAX_INFRASTRUCTURE_RECOVERIES));
			log.warn("Run {} of {} lost its database connection; now {}", run.runId(), dag.id(), status);
			return (status != null) ? status : RunStatus.RUNNING;
		}
		Run ended = this.runs.find(run.runId()).orElseThrow();
		List<TaskRun> failed = ended.tasks().stream().filter((t) -> t.status() == TaskStatus.FAILED).toList();
		String error = failed.isEmpty() ? describe(execution)
				: failed.stream()
					.map((t) -> t.taskId() + ": " + t.error().message())
					.reduce((a, b) -> a + "; " + b)
					.get();
		boolean retryable = !failed.isEmpty() && failed.stream().allMatch((t) -> t.error().retryable());
		if (retryable && run.attempt() < run.maxAttempts()) {
			Duration wait = dag.retryPolicy().delayBefore(run.attempt() + 1, ThreadLocalRandom.current()::nextDouble);
			Instant retryAt = this.clock.instant().plus(wait);
			this.transaction.executeWithoutResult((tx) -> {
				this.runs.retryWait(run.runId(), error, retryAt, execution.getId());
				this.retryTimers.schedule(run.runId(), retryAt);
			});
			log.info("Run {} of {} failed attempt {}/{}; retrying in {} ms", run.runId(), dag.id(), run.attempt(),
					run.maxAttempts(), wait.toMillis());
			return RunStatus.RETRY_WAIT;
		}
		return fail(ended, dag, error, execution.getId());
	}

	/**
	 * Fails the run for good: downstream tasks UPSTREAM_FAILED, then onFailure once, then
	 * run/failed.
	 */
	private RunStatus fail(Run run, Dag dag, String error, Long jobExecutionId) {
		this.transaction.executeWithoutResult((tx) -> {
			this.runs.finish(run.runId(), RunStatus.FAILED, error, jobExecutionId);
			markUpstreamFailed(run, dag);
		});
		this.metrics.runFinished(run.dagId(), RunStatus.FAILED.name());
		FailureHandler handler = (dag != null) ? dag.onFailure().orElse(null) : null;
		if (handler != null && this.runs.claimOnFailure(run.runId())) {
			runOnFailure(run, dag, handler, error);
		}
		this.outbox.add(Event.of("run/failed", Map.of("runId", run.runId(), "dag", run.dagId(), "error", error)),
				this.clock.instant(), run.runId());
		return RunStatus.FAILED;
	}

	private void markUpstreamFailed(Run run, Dag dag) {
		if (dag == null) {
			this.runs.closeUnfinishedTasks(run.runId(), TaskStatus.UPSTREAM_FAILED);
			return;
		}
		Run current = this.runs.find(run.runId()).orElseThrow();
		Set<String> downstream = new HashSet<>();
		current.tasks()
			.stream()
			.filter((t) -> t.status() == TaskStatus.FAILED)
			.forEach((t) -> downstream.addAll(dag.downstreamOf(t.taskId())));
		for (TaskRun task : current.tasks()) {
			if (downstream.contains(task.taskId()) && !task.status().isFinished()) {
				this.runs.taskNotRun(run.runId(), task.taskId(), TaskStatus.UPSTREAM_FAILED);
			}
		}
	}

	private void runOnFailure(Run run, Dag dag, FailureHandler handler, String error) {
		try {
			Object result = handler.onFailure(new FailedRun(run.runId(), dag.id(), run.eventId(), run.data(), error));
			this.runs.onFailureDone(run.runId(), true, this.json.writeValueAsString(result), null);
			this.metrics.onFailureInvoked(dag.id(), true);
		}
		catch (Exception ex) {
			log.warn("onFailure of run {} ({}) failed: {}", run.runId(), dag.id(), ex.toString());
			this.runs.onFailureDone(run.runId(), false, null, ex.toString());
			this.metrics.onFailureInvoked(dag.id(), false);
		}
	}

	private static String describe(JobExecution execution) {
		List<Throwable> failures = execution.getAllFailureExceptions();
		if (failures.isEmpty()) {
			return "Job ended " + execution.getStatus() + ": " + execution.getExitStatus().getExitDescription();
		}
		Throwable first = failures.get(0);
		return first.getClass().getSimpleName() + ": " + first.getMessage();
	}

}
