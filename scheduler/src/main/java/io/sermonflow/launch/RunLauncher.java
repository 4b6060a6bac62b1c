package io.sermonflow.launch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.failure.OnFailureWork;
import io.sermonflow.run.AfterAttempt;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import io.sermonflow.run.RetryTimers;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Executes a claimed run's attempt as a Spring Batch job on the calling thread, then
 * carries out what {@link AfterAttempt} decides: succeed, cancel, wait for a retry on a
 * durable timer, fail (with the onFailure work due in the same transaction, and done at
 * once), or hand the run back. Every write names the run's claim; a node that lost the
 * run writes nothing.
 */
@Component
public class RunLauncher {

	private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

	/** Like lost nodes, platform failures are forgiven this many times per run. */
	private static final int MAX_INFRASTRUCTURE_RECOVERIES = 3;

	private final DagRegistry dags;

	private final DagJobFactory jobs;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final RunStore store;

	private final ClaimedRuns runs;

	private final RetryTimers retryTimers;

	private final OnFailureWork onFailure;

	private final TransactionTemplate transaction;

	private final RunMetrics metrics;

	private final Clock clock;

	private final TaskSteps steps;

	private final Traces traces;

	RunLauncher(DagRegistry dags, DagJobFactory jobs, JobOperator jobOperator, JobRepository jobRepository,
			RunStore store, ClaimedRuns runs, RetryTimers retryTimers, OnFailureWork onFailure,
			TransactionTemplate transaction, RunMetrics metrics, Clock clock, TaskSteps steps, Traces traces) {
		this.dags = dags;
		this.jobs = jobs;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.store = store;
		this.runs = runs;
		this.retryTimers = retryTimers;
		this.onFailure = onFailure;
		this.transaction = transaction;
		this.metrics = metrics;
		this.clock = clock;
		this.steps = steps;
		this.traces = traces;
	}

	/**
	 * Runs a RUNNING run's attempt to its end and returns the state the run is left in
	 * (RUNNING when this node lost it). The run is as claimed: with its tasks' ids and
	 * states, not their results.
	 */
	public RunStatus execute(Run claimed) {
		try (var mdcRun = MDC.putCloseable("runId", claimed.runId());
				Traces.Scope trace = this.traces.continueTrace("sermonflow.run " + claimed.dagId(),
						claimed.traceparent())) {
			return executeAttempt(claimed);
		}
		finally {
			this.steps.slots().runEnded(claimed.runId());
		}
	}

	/** The claims of the runs this node executes now. */
	public List<Claim> executing() {
		return this.steps.claims();
	}

	/**
	 * Stops the attempts of runs this node no longer holds (another node recovered them):
	 * their tasks are interrupted, their processes killed, and they write nothing more.
	 */
	public void abandon(java.util.Collection<String> runIds) {
		if (!runIds.isEmpty()) {
			log.warn("This node lost runs {} to other nodes; stopping their tasks", runIds);
			this.steps.abandon(runIds);
		}
	}

	private RunStatus executeAttempt(Run run) {
		Claim claim = run.claim();
		Dag dag = this.dags.find(run.dagId()).orElse(null);
		if (dag == null) {
			return fail(claim, run.dagId(), "DAG '" + run.dagId() + "' is not deployed on this node", null, Set.of());
		}
		List<TaskSpec> tasks = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		for (TaskRun task : run.tasks()) {
			dag.task(task.taskId()).ifPresentOrElse(tasks::add, () -> {
				if (task.status() != TaskStatus.SUCCEEDED) {
					gone.add(task.taskId());
				}
			});
		}
		if (!gone.isEmpty()) {
			return fail(claim, dag.id(), dag.changedSince(run.dagVersion(), gone), null, Set.of());
		}
		tasks.sort(java.util.Comparator.comparingInt(dag.tasks()::indexOf));
		this.metrics.runStarted(dag.id(), run.attempt(), run.createdAt(), this.clock.instant());
		RunAttempt attempt = this.steps.begin(run, dag);
		JobExecution execution;
		// Spring Batch's own check is off (BatchConfiguration); a job started inside a
		// transaction would run as one transaction
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A run's job must not start inside a transaction");
		try {
			execution = launch(this.jobs.jobFor(dag, tasks, run.runId()), RunParameters.of(run));
		}
		catch (JobRestartException ex) {
			// an execution left UNKNOWN (its end could not be recorded while the database
			// was away) cannot be restarted; a new generation can, and skips the tasks
			// whose results we hold
			this.steps.end(run.runId());
			if (this.runs.nextGeneration(claim)) {
				log.warn("Run {}: Spring Batch cannot restart its execution ({}); starting generation {}", run.runId(),
						ex.getMessage(), run.generation() + 1);
				return executeAttempt(this.store.find(run.runId()).orElseThrow());
			}
			return RunStatus.RUNNING;
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			// this generation completed, but recording it did not (the database went
			// away): the job repository is the truth
			return carryOut(claim, dag, new AfterAttempt.Succeed(), null);
		}
		catch (Exception ex) {
			boolean infrastructure = InfrastructureFailures.isInfrastructure(ex);
			if (!infrastructure) {
				log.error("Run {} of {} could not be launched", run.runId(), run.dagId(), ex);
			}
			return carryOut(claim, dag, AfterAttempt.launchFailed(infrastructure, ex.getMessage()), null);
		}
		finally {
			this.steps.end(run.runId());
		}
		boolean fenced = execution.getStepExecutions()
			.stream()
			.anyMatch((step) -> TaskStepListener
				.decisionOf(step.getExecutionContext()) == TaskStepListener.Decision.FENCED);
		AfterAttempt.Ending ending = endingOf(execution.getStatus());
		// a completed job needs no look at its tasks: the common case costs no query
		AfterAttempt.Attempt outcome = new AfterAttempt.Attempt(run, ending,
				(ending == AfterAttempt.Ending.COMPLETED) ? List.of() : this.runs.tasks(run.runId()),
				describe(execution),
				execution.getAllFailureExceptions().stream().anyMatch(InfrastructureFailures::isInfrastructure),
				attempt.isLost(), fenced && !attempt.isLost());
		AfterAttempt.Verdict verdict = AfterAttempt.decide(outcome, dag, this.clock.instant(),
				ThreadLocalRandom.current()::nextDouble);
		return carryOut(claim, dag, verdict, execution.getId());
	}

	/**
	 * Starts or restarts the run's job. An execution still marked running belongs to an
	 * attempt whose node is gone (this node holds the claim now): it is marked FAILED
	 * ({@code JobOperator.recover}) and the job restarts from the interrupted step.
	 */
	private JobExecution launch(Job job, JobParameters parameters) throws Exception {
		try {
			return this.jobOperator.start(job, parameters);
		}
		catch (JobExecutionAlreadyRunningException ex) {
			JobInstance instance = this.jobRepository.getJobInstance(job.getName(), parameters);
			for (JobExecution stale : this.jobRepository.getJobExecutions(instance)) {
				markInterrupted(stale);
			}
			return this.jobOperator.start(job, parameters);
		}
	}

	private void markInterrupted(JobExecution execution) {
		boolean running = execution.isRunning();
		for (StepExecution step : execution.getStepExecutions()) {
			running |= step.getStatus().isRunning();
		}
		if (running) {
			log.warn("Marking the interrupted execution {} of {} FAILED", execution.getId(),
					execution.getJobInstance().getJobName());
			if (this.jobOperator.recover(execution).getStatus().isRunning()
					|| execution.getStepExecutions().stream().anyMatch((step) -> step.getStatus().isRunning())) {
				// recovered once already, yet still marked running: mark it again
				for (StepExecution step : execution.getStepExecutions()) {
					if (step.getStatus().isRunning()) {
						step.setStatus(BatchStatus.FAILED);
						step.setEndTime(batchNow());
						this.jobRepository.update(step);
					}
				}
				execution.setStatus(BatchStatus.FAILED);
				execution.setEndTime(batchNow());
				this.jobRepository.update(execution);
			}
		}
	}

	private RunStatus carryOut(Claim claim, Dag dag, AfterAttempt.Verdict verdict, Long jobExecutionId) {
		String runId = claim.runId();
		if (verdict instanceof AfterAttempt.Succeed) {
			if (!this.runs.succeed(claim, jobExecutionId)) {
				return lost(claim);
			}
			this.metrics.runFinished(dag.id(), RunStatus.SUCCEEDED.name());
			return RunStatus.SUCCEEDED;
		}
		if (verdict instanceof AfterAttempt.Cancel) {
			if (!this.runs.cancel(claim, jobExecutionId)) {
				return lost(claim);
			}
			this.metrics.runFinished(dag.id(), RunStatus.CANCELLED.name());
			return RunStatus.CANCELLED;
		}
		if (verdict instanceof AfterAttempt.Retry retry) {
			Boolean waiting = this.transaction.execute((tx) -> {
				if (!this.runs.retryWait(claim, retry.error(), retry.at(), jobExecutionId)) {
					return false;
				}
				this.retryTimers.schedule(runId, retry.at());
				return true;
			});
			if (!Boolean.TRUE.equals(waiting)) {
				return lost(claim);
			}
			log.info("Run {} of {} failed an attempt; retrying in {} ms", runId, dag.id(), retry.backoff().toMillis());
			return RunStatus.RETRY_WAIT;
		}
		if (verdict instanceof AfterAttempt.Fail fail) {
			return fail(claim, dag.id(), fail.error(), jobExecutionId, fail.upstreamFailed());
		}
		if (verdict instanceof AfterAttempt.Release release) {
			RunStatus status = this.runs.release(claim, release.reason(), MAX_INFRASTRUCTURE_RECOVERIES);
			log.warn("Run {} of {}: {}; now {}", runId, dag.id(), release.reason(), status);
			if (status == RunStatus.FAILED) {
				this.onFailure.runNow(runId);
			}
			return (status != null) ? status : lost(claim);
		}
		return lost(claim);
	}

	/**
	 * Fails the run for good with its onFailure work due in the same transaction, then
	 * does that work at once on this thread (a sweep does it if this node dies first).
	 */
	private RunStatus fail(Claim claim, String dagId, String error, Long jobExecutionId, Set<String> upstreamFailed) {
		if (!this.runs.fail(claim, error, jobExecutionId, upstreamFailed)) {
			return lost(claim);
		}
		this.metrics.runFinished(dagId, RunStatus.FAILED.name());
		this.onFailure.runNow(claim.runId());
		return RunStatus.FAILED;
	}

	private RunStatus lost(Claim claim) {
		log.warn("This node no longer holds {}; abandoning the attempt, another node carries the run on", claim);
		return RunStatus.RUNNING;
	}

	private static AfterAttempt.Ending endingOf(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> AfterAttempt.Ending.COMPLETED;
			case STOPPED -> AfterAttempt.Ending.STOPPED;
			default -> AfterAttempt.Ending.FAILED;
		};
	}

	private static String describe(JobExecution execution) {
		List<Throwable> failures = execution.getAllFailureExceptions();
		if (failures.isEmpty()) {
			return "Job ended " + execution.getStatus() + ": " + execution.getExitStatus().getExitDescription();
		}
		Throwable first = failures.get(0);
		return first.getClass().getSimpleName() + ": " + first.getMessage();
	}

	/** Now as Spring Batch dates its executions: local time of the JVM's zone. */
	private java.time.LocalDateTime batchNow() {
		return java.time.LocalDateTime.ofInstant(this.clock.instant(), java.time.ZoneId.systemDefault());
	}

}
