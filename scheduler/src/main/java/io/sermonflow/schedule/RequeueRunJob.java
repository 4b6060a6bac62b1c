package io.sermonflow.schedule;

import java.util.EnumSet;

import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Fires when a run's retry wait is over: the run is queued as its next attempt. */
class RequeueRunJob implements Job {

	static final String RUN_ID = "runId";

	private final RunStore runs;

	RequeueRunJob(RunStore runs) {
		this.runs = runs;
	}

	@Override
	public void execute(JobExecutionContext context) {
		String runId = context.getMergedJobDataMap().getString(RUN_ID);
		// a run cancelled or retried by hand meanwhile is no longer waiting: nothing to
		// do
		this.runs.requeue(runId, EnumSet.of(RunStatus.RETRY_WAIT));
	}

}
