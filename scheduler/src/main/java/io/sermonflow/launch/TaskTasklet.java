package io.sermonflow.launch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.PermanentException;
import io.sermonflow.error.SermonflowException;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.TaskRun;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Runs one task as a Spring Batch tasklet step. The result is stored in the step's own
 * transaction, so a step is COMPLETED exactly when its result is durable.
 */
class TaskTasklet implements Tasklet, StepExecutionListener {

	/** Results are passed between tasks inline; media and transcripts go by reference. */
	static final int MAX_RESULT_BYTES = 1024 * 1024;

	private final TaskSpec task;

	private final RunStore runs;

	private final JsonMapper json;

	TaskTasklet(TaskSpec task, RunStore runs, JsonMapper json) {
		this.task = task;
		this.runs = runs;
		this.json = json;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.runs.taskStarted(RunParameters.runId(stepExecution.getJobParameters()), this.task.id());
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		StepExecution step = chunkContext.getStepContext().getStepExecution();
		String runId = RunParameters.runId(step.getJobParameters());
		try (var mdcRun = MDC.putCloseable("runId", runId); var mdcTask = MDC.putCloseable("taskId", this.task.id())) {
			Object result = this.task.function()
				.run(new StoredTaskContext(runId, this.task.id(), this.runs, this.json));
			this.runs.taskSucceeded(runId, this.task.id(), serialise(result));
		}
		return RepeatStatus.FINISHED;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (!stepExecution.getFailureExceptions().isEmpty()) {
			Throwable failure = stepExecution.getFailureExceptions().get(0);
			this.runs.taskFailed(RunParameters.runId(stepExecution.getJobParameters()), this.task.id(),
					errorOf(failure));
		}
		return null;
	}

	private String serialise(Object result) {
		String output = this.json.writeValueAsString(result);
		int size = output.getBytes(StandardCharsets.UTF_8).length;
		if (size > MAX_RESULT_BYTES) {
			throw new PermanentException("Task '" + this.task.id() + "' returned a result of " + size
					+ " bytes; the limit is " + MAX_RESULT_BYTES + ". Pass large data by reference (a media key).");
		}
		return output;
	}

	static TaskRun.TaskError errorOf(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		return new TaskRun.TaskError(failure.getClass().getName(), message, SermonflowException.isRetryable(failure),
				trace.toString());
	}

}
