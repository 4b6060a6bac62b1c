/**
 * Cron schedules and one-shot timers, in the API and the console.
 */
package io.sermonflow.schedules;
