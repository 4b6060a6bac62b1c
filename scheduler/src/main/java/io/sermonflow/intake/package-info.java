/**
 * The SQS adapter, package-private behind the event ports: the queue (EventPublisher),
 * its dead letters (DeadLetters) and depths (QueueDepths), the intake worker that records
 * events and starts their runs, the outbox relay; must not import the web or jobs.
 */
package io.sermonflow.intake;
