package io.sermonflow.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SQS queues events flow through. {@code endpoint} is a URL (the local ElasticMQ by
 * default) or {@code aws} for the AWS SDK's own endpoint of {@code region}.
 */
@ConfigurationProperties("sermonflow.sqs")
public record SqsProperties(String endpoint, String region, String queue, String dlq, Integer maxReceives,
		Integer visibilitySeconds, Boolean createQueues, Integer pollers) {

	public SqsProperties {
		endpoint = (endpoint != null) ? endpoint : "http://127.0.0.1:9324";
		region = (region != null) ? region : "us-east-1";
		queue = (queue != null) ? queue : "sermonflow-events";
		dlq = (dlq != null) ? dlq : "sermonflow-events-dlq";
		maxReceives = (maxReceives != null) ? maxReceives : 5;
		visibilitySeconds = (visibilitySeconds != null) ? visibilitySeconds : 30;
		createQueues = (createQueues != null) ? createQueues : Boolean.TRUE;
		pollers = (pollers != null && pollers > 0) ? pollers : 4;
	}

	public boolean usesAwsEndpoint() {
		return "aws".equalsIgnoreCase(this.endpoint);
	}

}
