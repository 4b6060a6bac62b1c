package io.sermonflow.schedule;

import java.util.EnumSet;

import io.sermonflow.dispatch.RunsQueued;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import org.springframework.context.ApplicationEventPublisher;

/** Fires when a run's retry wait is over: the run is queued as its next attempt. */
class RequeueRunJob implements Job {

	static final String RUN_ID = "runId";

	private final RunStore runs;

	private final ApplicationEventPublisher events;

	RequeueRunJob(RunStore runs, ApplicationEventPublisher events) {
		this.runs = runs;
		this.events = events;
	}

	@Override
	public void execute(JobExecutionContext context) {
		String runId = context.getMergedJobDataMap().getString(RUN_ID);
		// a run cancelled or retried by hand meanwhile is no longer waiting: nothing to
		// do
		if (this.runs.requeue(runId, EnumSet.of(RunStatus.RETRY_WAIT))) {
			this.events.publishEvent(new RunsQueued(1));
		}
	}

}
