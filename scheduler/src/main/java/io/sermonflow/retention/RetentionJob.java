package io.sermonflow.retention;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Housekeeping's pass, run by Quartz on one scheduler node of the cluster at a time. */
@DisallowConcurrentExecution
class RetentionJob implements Job {

	private final Retention retention;

	RetentionJob(Retention retention) {
		this.retention = retention;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.retention.purge();
	}

}
