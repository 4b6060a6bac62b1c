package io.sermonflow.schedule;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Health component {@code quartz}: the scheduler runs and its JDBC job store answers. */
@Component("quartzHealthIndicator")
class QuartzHealthIndicator extends AbstractHealthIndicator {

	private final Scheduler scheduler;

	QuartzHealthIndicator(Scheduler scheduler) {
		super("Quartz is unavailable");
		this.scheduler = scheduler;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SchedulerException {
		// reading the trigger groups goes to the job store, so a lost database shows here
		int groups = this.scheduler.getTriggerGroupNames().size();
		boolean started = this.scheduler.isStarted() && !this.scheduler.isInStandbyMode();
		builder.withDetail("scheduler", this.scheduler.getSchedulerName())
			.withDetail("instanceId", this.scheduler.getSchedulerInstanceId())
			.withDetail("clustered", this.scheduler.getMetaData().isJobStoreClustered())
			.withDetail("triggerGroups", groups);
		if (started || this.scheduler.isInStandbyMode()) {
			builder.up().withDetail("state", started ? "started" : "standby (no scheduler role)");
		}
		else {
			builder.down().withDetail("state", "not started");
		}
	}

}
