package io.sermonflow.launch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import io.sermonflow.admission.Readiness;
import io.sermonflow.admission.Waiting;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.error.SermonflowException;
import io.sermonflow.error.TimedOutException;
import io.sermonflow.run.Claim;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStart;
import io.sermonflow.run.TaskStatus;
import io.sermonflow.trace.Traces;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every task step does around its work: take a slot of its pool and a task slot of
 * this node (waiting, with the reason on its run, while none is free), skip a task whose
 * result is already stored (memoisation across generations), stop at the boundary when
 * the run was cancelled, timed out or lost, watch the task's deadline, and record its
 * start, failure or result under the run's claim.
 */
class TaskStepListener implements StepExecutionListener {

	private static final String DECISION = "sermonflow.decision";

	/**
	 * What beforeStep decided. NOT_STARTED: it failed before deciding, and holds nothing.
	 */
	enum Decision {

		RUN, MEMOISED, CANCELLED, FENCED, NOT_STARTED

	}

	/** How often a task waiting for a pool slot looks again; pool tasks are long. */
	private static final Duration POOL_POLL = Duration.ofMillis(250);

	private final TaskSpec task;

	private final TaskSteps steps;

	TaskStepListener(TaskSpec task, TaskSteps steps) {
		this.task = task;
		this.steps = steps;
	}

	TaskSpec task() {
		return this.task;
	}

	TaskSteps steps() {
		return this.steps;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		RunAttempt attempt = this.steps.attempt(RunParameters.runId(stepExecution.getJobParameters()));
		if (!this.steps.lease().isHeld() || attempt.isLost()) {
			// this node's lease ran out or another node holds the run: start nothing
			fence(stepExecution);
			return;
		}
		if (holdsPoolSlot() && !awaitPoolSlot(attempt)) {
			fence(stepExecution);
			return;
		}
		TaskStart start;
		boolean slot = false;
		try {
			awaitTaskSlot(attempt);
			slot = true;
			start = this.steps.runs().startTask(attempt.claim(), this.task.id());
		}
		catch (RuntimeException ex) {
			if (slot) {
				this.steps.slots().release(attempt.claim().runId(), this.task.id());
			}
			releasePoolSlot(attempt);
			throw ex;
		}
		if (start.outcome() != TaskStart.Outcome.STARTED) {
			releaseSlots(attempt);
		}
		Decision decision = switch (start.outcome()) {
			case MEMOISED -> Decision.MEMOISED;
			case CANCELLED -> {
				this.steps.runs().taskNotRun(attempt.claim(), this.task.id(), TaskStatus.CANCELLED);
				// stops the job at this boundary with STOPPED, which stays restartable,
				// unlike a stop() racing a running step into UNKNOWN
				stepExecution.setTerminateOnly();
				yield Decision.CANCELLED;
			}
			case LOST -> {
				attempt.lose();
				stepExecution.setTerminateOnly();
				yield Decision.FENCED;
			}
			case STARTED -> Decision.RUN;
		};
		stepExecution.getExecutionContext().putString(DECISION, decision.name());
		if (decision != Decision.RUN) {
			return;
		}
		// one span per task attempt, child of the run's span, current while the task runs
		attempt.spanStarted(this.task.id(),
				this.steps.traces()
					.startSpan("sermonflow.task " + this.task.id(), attempt.traceparent(),
							Map.of("sermonflow.run.id", attempt.claim().runId(), "sermonflow.dag", attempt.dag().id(),
									"sermonflow.task.id", this.task.id(), "sermonflow.run.attempt",
									Integer.toString(attempt.number()))));
		if (attempt.runDeadline() != null && !this.steps.clock().instant().isBefore(attempt.runDeadline())) {
			// thrown inside the step's execution, so the step fails with it and afterStep
			// records it
			throw new PermanentException("The run exceeded its timeout of "
					+ TimedOutException.words(attempt.dag().timeout()) + " before task '" + this.task.id() + "'");
		}
		this.steps.watch(attempt, this.task);
	}

	private void fence(StepExecution stepExecution) {
		stepExecution.getExecutionContext().putString(DECISION, Decision.FENCED.name());
		stepExecution.setTerminateOnly();
	}

	/**
	 * Waits for a task slot of this node; the task shows QUEUED and the run the reason
	 * meanwhile.
	 */
	private void awaitTaskSlot(RunAttempt attempt) {
		boolean[] shown = new boolean[1];
		try {
			this.steps.slots().acquire(attempt.claim().runId(), this.task.id(), (waiting) -> {
				this.steps.runs().taskWaiting(attempt.claim(), this.task.id(), waiting);
				shown[0] = true;
			});
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException("Interrupted while task '" + this.task.id() + "' waited for a worker", ex);
		}
		finally {
			if (shown[0]) {
				this.steps.runs().taskWaiting(attempt.claim(), this.task.id(), null);
			}
		}
	}

	/**
	 * Waits, holding no task slot, until the task's pool has a free slot and takes it;
	 * the task shows QUEUED and the run the reason meanwhile. A task whose result is
	 * stored takes no slot, and a cancel ends the wait (startTask then sees it). False
	 * when this node lost its lease or the run while waiting.
	 */
	private boolean awaitPoolSlot(RunAttempt attempt) {
		Claim claim = attempt.claim();
		if (this.steps.runs().taskOutput(claim.runId(), this.task.id()).isPresent()) {
			return true;
		}
		Waiting shown = null;
		try {
			while (true) {
				Readiness slot = this.steps.pools()
					.tryAcquire(this.task.pool(), claim.runId(), this.task.id(), claim.nodeId());
				if (slot.ready() || this.steps.runs().isCancelRequested(claim.runId())) {
					return true;
				}
				if (!this.steps.lease().isHeld() || attempt.isLost()) {
					return false;
				}
				if (!slot.waiting().equals(shown)) {
					if (!this.steps.runs().taskWaiting(claim, this.task.id(), slot.waiting())) {
						attempt.lose();
						return false;
					}
					shown = slot.waiting();
				}
				Thread.sleep(POOL_POLL.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableException(
					"Interrupted while task '" + this.task.id() + "' waited for a slot of pool " + this.task.pool(),
					ex);
		}
		finally {
			if (shown != null) {
				this.steps.runs().taskWaiting(claim, this.task.id(), null);
			}
		}
	}

	/** What beforeStep decided: run the task, or skip it as memoised or cancelled. */
	static Decision decisionOf(ExecutionContext executionContext) {
		return Decision.valueOf(executionContext.getString(DECISION, Decision.NOT_STARTED.name()));
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		RunAttempt attempt = this.steps.attempt(RunParameters.runId(stepExecution.getJobParameters()));
		Claim claim = attempt.claim();
		Decision decision = decisionOf(stepExecution.getExecutionContext());
		attempt.unwatch(this.task.id());
		boolean held = true;
		if (!stepExecution.getFailureExceptions().isEmpty()) {
			held = this.steps.runs()
				.taskFailed(claim, this.task.id(), errorOf(stepExecution.getFailureExceptions().get(0)));
		}
		else if (stepExecution.getStatus() == BatchStatus.STOPPED && decision != Decision.FENCED) {
			held = this.steps.runs().taskNotRun(claim, this.task.id(), TaskStatus.CANCELLED);
		}
		else if (decision == Decision.RUN && stepExecution.getStatus() == BatchStatus.COMPLETED) {
			onCompleted(claim, stepExecution);
		}
		if (!held) {
			attempt.lose();
		}
		endSpan(attempt, stepExecution, held);
		if (decision == Decision.RUN) {
			releaseSlots(attempt);
			if (stepExecution.getStartTime() != null) {
				this.steps.metrics()
					.taskFinished(attempt.dag().id(), this.task.id(), Duration.between(stepExecution.getStartTime(),
							LocalDateTime.ofInstant(this.steps.clock().instant(), ZoneId.systemDefault())));
			}
		}
		return null;
	}

	private void endSpan(RunAttempt attempt, StepExecution stepExecution, boolean held) {
		Traces.Handle span = attempt.spanEnded(this.task.id());
		if (span == null) {
			return;
		}
		String outcome;
		if (!held) {
			outcome = "lost";
		}
		else if (!stepExecution.getFailureExceptions().isEmpty()) {
			outcome = "failed";
		}
		else if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			outcome = "succeeded";
		}
		else {
			outcome = "cancelled";
		}
		span.tag("sermonflow.task.outcome", outcome);
		if (!stepExecution.getFailureExceptions().isEmpty()) {
			span.tag("error", String.valueOf(stepExecution.getFailureExceptions().get(0).getMessage()));
		}
		span.close();
	}

	private void releaseSlots(RunAttempt attempt) {
		this.steps.slots().release(attempt.claim().runId(), this.task.id());
		releasePoolSlot(attempt);
	}

	/**
	 * Whether the task's step holds a slot of its pool while it runs: a mapped task's
	 * pieces hold them instead, wherever they run.
	 */
	private boolean holdsPoolSlot() {
		return this.task.pool() != null && !this.task.isMapped();
	}

	private void releasePoolSlot(RunAttempt attempt) {
		if (holdsPoolSlot()) {
			try {
				this.steps.pools().release(attempt.claim().runId(), this.task.id());
			}
			catch (RuntimeException ex) {
				// a slot whose run no longer runs here counts as free (JdbcPoolSlots)
			}
		}
	}

	/**
	 * After a step that ran completed; chunk steps store their result here, tasklets
	 * inside.
	 */
	protected void onCompleted(Claim claim, StepExecution stepExecution) {
	}

	static TaskRun.TaskError errorOf(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		return new TaskRun.TaskError(failure.getClass().getName(), message, SermonflowException.isRetryable(failure),
				trace.toString());
	}

}
