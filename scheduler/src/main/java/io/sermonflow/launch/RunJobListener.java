package io.sermonflow.launch;

import io.sermonflow.run.RunStore;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Links a run to its Spring Batch execution as soon as the execution exists. */
class RunJobListener implements JobExecutionListener {

	private final RunStore runs;

	RunJobListener(RunStore runs) {
		this.runs = runs;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.runs.attachJobExecution(RunParameters.runId(jobExecution.getJobParameters()), jobExecution.getId());
	}

}
