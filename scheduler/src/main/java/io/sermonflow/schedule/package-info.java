/**
 * Cron schedules and one-shot timers on Quartz's clustered JDBC store; must not import
 * the web or jobs.
 */
package io.sermonflow.schedule;
