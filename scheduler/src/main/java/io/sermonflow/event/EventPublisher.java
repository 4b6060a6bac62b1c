package io.sermonflow.event;

/**
 * Sends an event on its way to the intake. Every event enters through the SQS main queue
 * (the API, the console, timers and tasks alike); the intake records it and starts its
 * runs. Once this returns the event is durable in the queue.
 */
public interface EventPublisher {

	void publish(Event event);

}
