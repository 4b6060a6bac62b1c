package io.sermonflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.sermonflow.event.DeadLetter;
import io.sermonflow.event.DeadLetters;
import io.sermonflow.intake.SqsProperties;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQS's dead-letter queue under the engine: a message that cannot be an event is dead
 * lettered after its receives with the reason, kept, and redriven corrected or as it is.
 */
@EngineTest
class DeadLettersTest {

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	SqsClient sqs;

	@Autowired
	SqsProperties sqsProperties;

	@Autowired
	RunStore runs;

	@Test
	void a_poison_message_is_dead_lettered_after_max_receives_with_its_reason_and_once_corrected_runs_once() {
		String marker = UUID.randomUUID().toString();
		sendToQueue("{\"id\":\"no-name-" + marker + "\",\"data\":{}}");
		DeadLetter letter = awaitDeadLetter(marker);
		assertThat(letter.receiveCount()).isEqualTo(this.sqsProperties.maxReceives());
		assertThat(letter.error()).contains("\"name\" is required");
		assertThat(letter.sentAt()).isNotNull();

		String eventId = "fixed-" + marker;
		assertThat(this.deadLetters.redriveCorrected(letter.messageId(),
				"{\"name\":\"test/ping\",\"id\":\"" + eventId + "\",\"data\":{}}"))
			.isTrue();
		assertThat(findDeadLetter(marker)).isNull();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.runs.runsOfEvent(eventId).size() == 1);
		Runs.awaitStatus(this.runs, this.runs.runsOfEvent(eventId).get(0), RunStatus.SUCCEEDED);
		// gone from the dead letters: a second redrive finds nothing, and nothing runs
		// twice
		assertThat(this.deadLetters.redrive(List.of(letter.messageId()))).isEmpty();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.runs.runsOfEvent(eventId).size() == 1);
	}

	@Test
	void a_dead_letter_redriven_as_it_is_comes_back_when_it_fails_again() {
		String marker = UUID.randomUUID().toString();
		sendToQueue("not json " + marker);
		DeadLetter first = awaitDeadLetter(marker);
		assertThat(first.error()).contains("not valid JSON");
		assertThat(this.deadLetters.redrive(List.of(first.messageId(), "no-such-id")))
			.containsExactly(first.messageId());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> findDeadLetter(marker) != null
					&& !findDeadLetter(marker).messageId().equals(first.messageId()));
	}

	private DeadLetter awaitDeadLetter(String marker) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> findDeadLetter(marker) != null);
		return findDeadLetter(marker);
	}

	private DeadLetter findDeadLetter(String marker) {
		return this.deadLetters.list(1000)
			.stream()
			.filter((letter) -> letter.body().contains(marker))
			.findFirst()
			.orElse(null);
	}

	private void sendToQueue(String body) {
		MainQueue.send(this.sqs, this.sqsProperties, body);
	}

}
