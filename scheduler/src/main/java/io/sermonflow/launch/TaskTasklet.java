package io.sermonflow.launch;

import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.mapping.TaskResults;
import org.slf4j.MDC;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Runs one task as a Spring Batch tasklet step. The result is stored in the step's own
 * transaction, under the run's claim, so a step is COMPLETED exactly when its result is
 * durable, and a node that lost the run commits nothing.
 */
class TaskTasklet extends TaskStepListener implements Tasklet {

	/** The step's mark that its run was cancelled while the task's pieces ran. */
	private static final String PIECES_CANCELLED = "sermonflow.pieces-cancelled";

	TaskTasklet(TaskSpec task, TaskSteps steps) {
		super(task, steps);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = chunkContext.getStepContext().getStepExecution();
		if (decisionOf(step.getExecutionContext()) != Decision.RUN) {
			return RepeatStatus.FINISHED;
		}
		// a restarted step gets its last execution's context back: start unmarked
		step.getExecutionContext().remove(PIECES_CANCELLED);
		RunAttempt attempt = steps().attempt(RunParameters.runId(step.getJobParameters()));
		TaskWatch watch = attempt.watch(task().id());
		try (var mdcRun = MDC.putCloseable("runId", attempt.claim().runId());
				var mdcTask = MDC.putCloseable("taskId", task().id());
				var mdcEpoch = MDC.putCloseable("epoch", Long.toString(attempt.claim().epoch()))) {
			Object result;
			watch.enter();
			try {
				StoredTaskContext context = steps().contextFor(attempt.claim().runId(), task().id());
				result = task().isMapped() ? runPieces(context) : task().function().run(context);
			}
			catch (Exception ex) {
				// a task stopped by its watch fails for that reason, whatever its code
				// made
				// of the interrupt
				throw watch.isStopped() ? watch.failure() : ex;
			}
			finally {
				watch.exit();
			}
			if (watch.isStopped()) {
				throw watch.failure();
			}
			if (task().isMapped() && result == null) {
				// the run was cancelled while the pieces ran
				step.getExecutionContext().putString(PIECES_CANCELLED, "true");
				return RepeatStatus.FINISHED;
			}
			steps().runs()
				.taskSucceeded(attempt.claim(), task().id(),
						TaskResults.serialised(steps().json(), "Task '" + task().id() + "'", result));
		}
		return RepeatStatus.FINISHED;
	}

	/**
	 * A mapped task: its pieces run on any node with room in its pool, and this step
	 * waits for them; null when the run was cancelled meanwhile.
	 */
	private Object runPieces(StoredTaskContext context) throws InterruptedException {
		String runId = context.runId();
		String upstream = steps().runs()
			.taskOutput(runId, task().mapOver())
			.orElseThrow(() -> new PermanentException("Task '" + task().mapOver() + "' of run " + runId
					+ " has no result to map '" + task().id() + "' over"));
		return steps().mapped()
			.run(runId, task(), upstream, () -> steps().runs().isCancelRequested(runId), context::progress);
	}

	/**
	 * A mapped task whose run was cancelled while its pieces ran ends STOPPED, as a
	 * cancelled chunk step does, so the job stops restartably and the task shows
	 * CANCELLED.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED
				&& stepExecution.getExecutionContext().containsKey(PIECES_CANCELLED)) {
			stepExecution.upgradeStatus(BatchStatus.STOPPED);
			super.afterStep(stepExecution);
			return ExitStatus.STOPPED;
		}
		return super.afterStep(stepExecution);
	}

}
