package io.sermonflow.schedule;

import java.util.List;
import java.util.Set;

import io.sermonflow.config.OnRole;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Registers the {@link RecurringJob}s with Quartz when a scheduler node starts. */
@Component
@OnRole("scheduler")
class RecurringJobs {

	static final String GROUP = "sermonflow-housekeeping";

	private final Scheduler scheduler;

	private final List<RecurringJob> jobs;

	RecurringJobs(Scheduler scheduler, List<RecurringJob> jobs) {
		this.scheduler = scheduler;
		this.jobs = jobs;
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() throws SchedulerException {
		for (RecurringJob recurring : this.jobs) {
			JobDetail job = JobBuilder.newJob(recurring.job()).withIdentity(recurring.name(), GROUP).build();
			Trigger trigger = TriggerBuilder.newTrigger()
				.withIdentity(recurring.name(), GROUP)
				.withSchedule(SimpleScheduleBuilder.simpleSchedule()
					.withIntervalInMilliseconds(recurring.interval().toMillis())
					.repeatForever()
					// housekeeping missed while every node was down is done once, not
					// caught
					// up
					.withMisfireHandlingInstructionNextWithRemainingCount())
				.build();
			this.scheduler.scheduleJob(job, Set.of(trigger), true);
		}
	}

}
