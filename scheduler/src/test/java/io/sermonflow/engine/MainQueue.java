package io.sermonflow.engine;

import io.sermonflow.intake.SqsProperties;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The engine's main SQS queue, as an integrator writing straight into it sees it. */
final class MainQueue {

	private MainQueue() {
	}

	static String url(SqsClient sqs, SqsProperties properties) {
		return sqs.getQueueUrl((get) -> get.queueName(properties.queue())).queueUrl();
	}

	static void send(SqsClient sqs, SqsProperties properties, String body) {
		sqs.sendMessage((send) -> send.queueUrl(url(sqs, properties)).messageBody(body));
	}

}
