/**
 * The SQS adapter: the queue and its dead letters, the intake worker that records events
 * and starts their runs, the outbox relay; must not import the web or jobs.
 */
package io.sermonflow.intake;
