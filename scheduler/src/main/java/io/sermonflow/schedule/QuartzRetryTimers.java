package io.sermonflow.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.Set;

import io.sermonflow.run.RetryTimers;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.stereotype.Component;

/**
 * The waits between a failed attempt and the next, as Quartz timers in the clustered JDBC
 * store: written in the caller's transaction, so a process that stops during the wait
 * loses nothing, and fired once by whichever scheduler node is up.
 */
@Component
class QuartzRetryTimers implements RetryTimers {

	static final String GROUP = "sermonflow-retries";

	private final Scheduler scheduler;

	QuartzRetryTimers(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void schedule(String runId, Instant at) {
		JobDetail job = JobBuilder.newJob(RequeueRunJob.class)
			.withIdentity(runId, GROUP)
			.usingJobData(RequeueRunJob.RUN_ID, runId)
			.build();
		Trigger trigger = TriggerBuilder.newTrigger()
			.withIdentity(runId, GROUP)
			.startAt(Date.from(at))
			// a wait that ended while no scheduler ran is over: retry at once
			.withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
			.build();
		try {
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not schedule the retry of run " + runId, ex);
		}
	}

	@Override
	public void cancel(String runId) {
		try {
			this.scheduler.deleteJob(JobKey.jobKey(runId, GROUP));
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Could not cancel the retry of run " + runId, ex);
		}
	}

}
