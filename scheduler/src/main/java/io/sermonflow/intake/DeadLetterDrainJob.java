package io.sermonflow.intake;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Takes what SQS moved to the dead-letter queue into the store, with its reason. */
@DisallowConcurrentExecution
class DeadLetterDrainJob implements Job {

	private final SqsDeadLetters deadLetters;

	DeadLetterDrainJob(SqsDeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.deadLetters.drainOnce();
	}

}
