package io.sermonflow.intake;

import java.net.URI;

import io.sermonflow.schedule.RecurringJob;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqsProperties.class)
class SqsConfiguration {

	@Bean(destroyMethod = "close")
	SqsClient sqsClient(SqsProperties properties) {
		SqsClientBuilder builder = SqsClient.builder()
			.region(Region.of(properties.region()))
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(5))
				// long polls wait up to 20 s on the server
				.socketTimeout(Duration.ofSeconds(30)));
		if (properties.usesAwsEndpoint()) {
			builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
		}
		else {
			// ElasticMQ accepts any credentials; real SQS behind a custom endpoint uses
			// the default chain
			builder.endpointOverride(URI.create(properties.endpoint()))
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
		}
		return builder.build();
	}

	@Bean
	RecurringJob deadLetterDrain() {
		return new RecurringJob("dead-letter-drain", DeadLetterDrainJob.class, Duration.ofSeconds(5));
	}

	@Bean
	RecurringJob unpublishedEventSweep() {
		return new RecurringJob("unpublished-event-sweep", UnpublishedEventSweepJob.class, Duration.ofSeconds(15));
	}

}
