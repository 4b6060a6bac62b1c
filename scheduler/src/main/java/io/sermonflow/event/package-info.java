/**
 * The public event face: events and their parser, their log of accepted ids, the task
 * outbox, and the ports the SQS adapter implements (EventPublisher, DeadLetters,
 * QueueDepths); must not import the SQS adapter.
 */
package io.sermonflow.event;
