package io.sermonflow.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.sermonflow.error.RetryableException;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventPublisher;
import io.sermonflow.event.EventTooLargeException;
import io.sermonflow.event.QueueDepths;
import io.sermonflow.trace.Traces;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The SQS main queue and its dead-letter queue, as Sermonflow uses them. Queue URLs are
 * looked up (and, locally, the queues created with their redrive policy) on first use, so
 * a queue that is down at start-up delays intake instead of failing the application.
 */
@Component
class EventQueue implements EventPublisher {

	/** What one SQS message carries, body and attributes together. */
	static final long MAX_MESSAGE_BYTES = EventTooLargeException.MAX_MESSAGE_BYTES;

	private final SqsClient sqs;

	private final SqsProperties properties;

	private final JsonMapper json;

	private final AtomicReference<QueueUrls> urls = new AtomicReference<>();

	private final Traces traces;

	EventQueue(SqsClient sqs, SqsProperties properties, JsonMapper json, Traces traces) {
		this.traces = traces;
		this.sqs = sqs;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Publishes an event; its body is the same JSON an integrator may send straight to
	 * the queue.
	 */
	@Override
	public void publish(Event event) {
		publishBody(this.json.writeValueAsString(Map.of("name", event.name(), "id", event.id(), "data", event.data())));
	}

	/**
	 * Sends a message body as it is, such as a dead letter moved back, with the current
	 * trace context, so the intake continues the trace.
	 */
	public void publishBody(String body) {
		String traceparent = this.traces.current();
		Map<String, MessageAttributeValue> attributes = (traceparent != null) ? Map.of(Traces.TRACEPARENT,
				MessageAttributeValue.builder().dataType("String").stringValue(traceparent).build()) : Map.of();
		long size = body.getBytes(StandardCharsets.UTF_8).length + attributes.entrySet()
			.stream()
			.mapToLong((attribute) -> attribute.getKey().length() + attribute.getValue().dataType().length()
					+ attribute.getValue().stringValue().length())
			.sum();
		if (size > MAX_MESSAGE_BYTES) {
			throw new EventTooLargeException(size, MAX_MESSAGE_BYTES);
		}
		try {
			this.sqs
				.sendMessage((send) -> send.queueUrl(urls().main()).messageBody(body).messageAttributes(attributes));
		}
		catch (SdkException ex) {
			throw new RetryableException("The event queue is unavailable: " + ex.getMessage(), ex);
		}
	}

	List<Message> receive(int max, int waitSeconds) {
		return receiveFrom(urls().main(), max, waitSeconds);
	}

	List<Message> receiveDeadLetters(int max, int waitSeconds) {
		return receiveFrom(urls().dlq(), max, waitSeconds);
	}

	private List<Message> receiveFrom(String url, int max, int waitSeconds) {
		return this.sqs
			.receiveMessage((receive) -> receive.queueUrl(url)
				.maxNumberOfMessages(max)
				.waitTimeSeconds(waitSeconds)
				.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
						MessageSystemAttributeName.SENT_TIMESTAMP)
				.messageAttributeNames("All"))
			.messages();
	}

	/** Deletes processed messages in one round trip (SQS takes up to 10 per batch). */
	void delete(List<Message> messages) {
		deleteFrom(urls().main(), messages);
	}

	void deleteDeadLetters(List<Message> messages) {
		deleteFrom(urls().dlq(), messages);
	}

	private void deleteFrom(String url, List<Message> messages) {
		if (messages.isEmpty()) {
			return;
		}
		List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			entries.add(DeleteMessageBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.receiptHandle(messages.get(i).receiptHandle())
				.build());
		}
		this.sqs.deleteMessageBatch((delete) -> delete.queueUrl(url).entries(entries));
	}

	/**
	 * Sets how long received messages stay invisible from now: longer while their
	 * processing is slow, 0 to hand them back at once.
	 */
	void changeVisibility(List<Message> messages, int seconds) {
		if (messages.isEmpty()) {
			return;
		}
		List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
				.id(Integer.toString(i))
				.receiptHandle(messages.get(i).receiptHandle())
				.visibilityTimeout(seconds)
				.build());
		}
		this.sqs.changeMessageVisibilityBatch((change) -> change.queueUrl(urls().main()).entries(entries));
	}

	/** Messages waiting in the main queue and the dead-letter queue. */
	QueueDepths.QueueDepth depth() {
		QueueUrls queues = urls();
		return new QueueDepths.QueueDepth(approximateCount(queues.main()), approximateCount(queues.dlq()));
	}

	private long approximateCount(String url) {
		String count = this.sqs
			.getQueueAttributes(GetQueueAttributesRequest.builder()
				.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
				.build())
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
		return (count != null) ? Long.parseLong(count) : 0;
	}

	private QueueUrls urls() {
		QueueUrls known = this.urls.get();
		if (known == null) {
			known = this.properties.createQueues() ? createQueues() : lookUpQueues();
			this.urls.set(known);
		}
		return known;
	}

	private QueueUrls lookUpQueues() {
		try {
			return new QueueUrls(urlOf(this.properties.queue()), urlOf(this.properties.dlq()));
		}
		catch (QueueDoesNotExistException ex) {
			throw new IllegalStateException("SQS queue " + this.properties.queue() + " or " + this.properties.dlq()
					+ " does not exist; create them as deploy/aws/sqs-queues.json describes", ex);
		}
	}

	private QueueUrls createQueues() {
		String dlqUrl = this.sqs.createQueue((create) -> create.queueName(this.properties.dlq())).queueUrl();
		String dlqArn = this.sqs
			.getQueueAttributes((get) -> get.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
				+ this.properties.maxReceives() + "\"}";
		String mainUrl = this.sqs.createQueue((create) -> create.queueName(this.properties.queue())
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
					String.valueOf(this.properties.visibilitySeconds()), QueueAttributeName.REDRIVE_POLICY, redrive)))
			.queueUrl();
		// createQueue keeps an existing queue's attributes; make them match the
		// configuration
		this.sqs.setQueueAttributes((set) -> set.queueUrl(mainUrl)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
					String.valueOf(this.properties.visibilitySeconds()), QueueAttributeName.REDRIVE_POLICY, redrive)));
		return new QueueUrls(mainUrl, dlqUrl);
	}

	private String urlOf(String name) {
		return this.sqs.getQueueUrl((get) -> get.queueName(name)).queueUrl();
	}

	private record QueueUrls(String main, String dlq) {
	}

}
