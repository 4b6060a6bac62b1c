package io.sermonflow.launch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDateTime;

import io.sermonflow.admission.Readiness;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.RetryableException;
import io.sermonflow.error.SermonflowException;
import io.sermonflow.run.TaskRun;
import io.sermonflow.run.TaskStart;
import io.sermonflow.run.TaskStatus;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What every task step does around its work: skip a task whose result is already stored
 * (memoisation across generations), stop at the boundary when the run was cancelled or
 * timed out, and record the task's start, failure or result in the run store.
 */
class TaskStepListener implements StepExecutionListener {

	private static final String DECISION = "sermonflow.decision";

	enum Decision {

		RUN, MEMOISED, CANCELLED, FENCED

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
		String runId = RunParameters.runId(stepExecution.getJobParameters());
		if (!this.steps.lease().isHeld()) {
			// this node's lease ran out: another node may be recovering the run, so start
			// nothing
			stepExecution.getExecutionContext().putString(DECISION, Decision.FENCED.name());
			stepExecution.setTerminateOnly();
			return;
		}
		if (this.task.pool() != null && !awaitPoolSlot(runId)) {
			stepExecution.getExecutionContext().putString(DECISION, Decision.FENCED.name());
			stepExecution.setTerminateOnly();
			return;
		}
		TaskStart start = this.steps.runs().startTask(runId, this.task.id());
		if (this.task.pool() != null && start.outcome() != TaskStart.Outcome.STARTED) {
			this.steps.pools().release(runId, this.task.id());
		}
		Decision decision = switch (start.outcome()) {
			case MEMOISED -> Decision.MEMOISED;
			case CANCELLED -> {
				this.steps.runs().taskNotRun(runId, this.task.id(), TaskStatus.CANCELLED);
				// stops the job at this boundary with STOPPED, which stays restartable,
				// unlike a
				// stop() racing a running step into UNKNOWN
				stepExecution.setTerminateOnly();
				yield Decision.CANCELLED;
			}
			case STARTED -> Decision.RUN;
		};
		stepExecution.getExecutionContext().putString(DECISION, decision.name());
		long timeout = this.steps.timeoutSecondsOf(stepExecution.getJobExecution().getJobInstance().getJobName());
		if (decision == Decision.RUN && timeout > 0 && start.runStartedAt() != null
				&& this.steps.clock().instant().isAfter(start.runStartedAt().plusSeconds(timeout))) {
			// thrown inside the step's execution, so the step fails with it and afterStep
			// records it
			throw new PermanentException("The run exceeded its timeout of " + Duration.ofSeconds(timeout)
					+ " before task '" + this.task.id() + "'");
		}
	}

	/**
	 * Waits, holding this worker, until the task's pool has a free slot and takes it; the
	 * task shows QUEUED and the run the reason meanwhile. A task whose result is stored
	 * takes no slot, and a cancel ends the wait (startTask then sees it). False when this
	 * node lost its lease while waiting.
	 */
	private boolean awaitPoolSlot(String runId) {
		if (this.steps.runs().taskOutput(runId, this.task.id()).isPresent()) {
			return true;
		}
		String nodeId = this.steps.lease().nodeId();
		String shownReason = null;
		try {
			while (true) {
				Readiness slot = this.steps.pools().tryAcquire(this.task.pool(), runId, this.task.id(), nodeId);
				if (slot.ready() || this.steps.runs().isCancelRequested(runId)) {
					return true;
				}
				if (!this.steps.lease().isHeld()) {
					return false;
				}
				if (!slot.reason().equals(shownReason)) {
					this.steps.runs().taskWaiting(runId, this.task.id(), slot.reason());
					shownReason = slot.reason();
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
			if (shownReason != null) {
				this.steps.runs().taskWaiting(runId, this.task.id(), null);
			}
		}
	}

	/** What beforeStep decided: run the task, or skip it as memoised or cancelled. */
	static Decision decisionOf(ExecutionContext executionContext) {
		return Decision.valueOf(executionContext.getString(DECISION, Decision.RUN.name()));
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String runId = RunParameters.runId(stepExecution.getJobParameters());
		Decision decision = decisionOf(stepExecution.getExecutionContext());
		if (!stepExecution.getFailureExceptions().isEmpty()) {
			this.steps.runs().taskFailed(runId, this.task.id(), errorOf(stepExecution.getFailureExceptions().get(0)));
		}
		else if (stepExecution.getStatus() == BatchStatus.STOPPED && decision != Decision.FENCED) {
			this.steps.runs().taskNotRun(runId, this.task.id(), TaskStatus.CANCELLED);
		}
		else if (decision == Decision.RUN && stepExecution.getStatus() == BatchStatus.COMPLETED) {
			onCompleted(runId, stepExecution);
		}
		if (this.task.pool() != null && decision != Decision.FENCED) {
			this.steps.pools().release(runId, this.task.id());
		}
		if (decision == Decision.RUN && stepExecution.getStartTime() != null) {
			this.steps.metrics()
				.taskFinished(stepExecution.getJobExecution().getJobInstance().getJobName(), this.task.id(),
						Duration.between(stepExecution.getStartTime(), LocalDateTime.now()));
		}
		return null;
	}

	/**
	 * After a step that ran completed; chunk steps store their result here, tasklets
	 * inside.
	 */
	protected void onCompleted(String runId, StepExecution stepExecution) {
	}

	static TaskRun.TaskError errorOf(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		return new TaskRun.TaskError(failure.getClass().getName(), message, SermonflowException.isRetryable(failure),
				trace.toString());
	}

}
