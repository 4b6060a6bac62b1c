/**
 * Trace context for runs, tasks, events and schedules (OpenTelemetry); must not import
 * the web or jobs.
 */
package io.sermonflow.trace;
