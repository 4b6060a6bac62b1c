package io.sermonflow.launch;

import io.sermonflow.run.Run;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A run's identity in Spring Batch: the run id and its generation. One generation is one
 * JobInstance; its attempts are that instance's executions.
 */
final class RunParameters {

	static final String RUN_ID = "runId";

	static final String GENERATION = "generation";

	private RunParameters() {
	}

	static JobParameters of(Run run) {
		return new JobParametersBuilder().addString(RUN_ID, run.runId())
			.addLong(GENERATION, (long) run.generation())
			.toJobParameters();
	}

	static String runId(JobParameters parameters) {
		return parameters.getString(RUN_ID);
	}

}
