package io.sermonflow.schedule;

import java.time.Duration;

import org.quartz.Job;

/**
 * Housekeeping that one node of the cluster does every {@code interval} (draining the
 * dead-letter queue, republishing events a crash left unpublished). Declared as a bean;
 * {@link RecurringJobs} registers it with Quartz, which runs it on one scheduler node at
 * a time.
 */
public record RecurringJob(String name, Class<? extends Job> job, Duration interval) {
}
