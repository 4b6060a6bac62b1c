/**
 * The public event face: events, their log of accepted ids, the task outbox and the
 * EventPublisher port; must not import the SQS adapter.
 */
package io.sermonflow.event;
