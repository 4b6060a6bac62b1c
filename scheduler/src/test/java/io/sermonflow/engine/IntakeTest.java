package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;
import io.sermonflow.event.EventRecord;
import io.sermonflow.event.EventSubmission;
import io.sermonflow.intake.SqsProperties;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake on the real SQS protocol (ElasticMQ): events straight from integrators, a
 * poison message among good ones, a slow event recorded once, an event nobody listens to.
 */
@EngineTest
class IntakeTest {

	@Autowired
	SqsClient sqs;

	@Autowired
	SqsProperties sqsProperties;

	@Autowired
	EventSubmission submission;

	@Autowired
	EventLog events;

	@Autowired
	RunStore runs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestDags.Ledger ledger;

	@Test
	void an_integrator_may_send_the_event_json_straight_to_the_queue() {
		String eventId = "sqs-direct-" + UUID.randomUUID();
		sendToQueue("{\"name\":\"test/ping\",\"id\":\"" + eventId + "\",\"data\":{\"n\":2}}");
		Run run = awaitRunOf(eventId, RunStatus.SUCCEEDED);
		assertThat(run.dagId()).isEqualTo("test-ping");
		assertThat(run.data()).containsEntry("n", 2);
		assertThat(this.events.find(eventId).map(EventRecord::recordedAt)).isPresent();
	}

	@Test
	void a_poison_message_in_a_batch_does_not_hold_back_the_good_ones() {
		String tag = "batch-" + UUID.randomUUID();
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String body = (i == 4) ? "{ poison " + tag : "{\"name\":\"test/ping\",\"id\":\"" + tag + "-" + i + "\"}";
			entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body).build());
		}
		this.sqs
			.sendMessageBatch((send) -> send.queueUrl(MainQueue.url(this.sqs, this.sqsProperties)).entries(entries));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM sf_run WHERE event_id LIKE ?")
				.param(tag + "-%")
				.query(Long.class)
				.single() == 9);
	}

	@Test
	void a_slow_event_stays_invisible_while_it_is_recorded_and_is_recorded_once() {
		String key = UUID.randomUUID().toString();
		String eventId = "slow-" + key;
		sendToQueue("{\"name\":\"test/slow-intake\",\"id\":\"" + eventId + "\",\"data\":{\"key\":\"" + key + "\"}}");
		awaitRunOf(eventId, RunStatus.SUCCEEDED);
		// without the visibility being extended, other pollers would have received it
		// again after 2 s and chosen its tasks too
		assertThat(this.ledger.get("slow-intake:" + key)).isEqualTo(1);
	}

	@Test
	void an_event_no_dag_listens_to_is_recorded_without_a_run() {
		String eventId = "unheard-" + UUID.randomUUID();
		assertThat(this.submission.submit(new Event("nobody/listens", eventId, Map.of()))).isTrue();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.events.find(eventId).map(EventRecord::recordedAt).isPresent());
		assertThat(this.runs.runsOfEvent(eventId)).isEmpty();
	}

	private Run awaitRunOf(String eventId, RunStatus status) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.runs.runsOfEvent(eventId).isEmpty());
		return Runs.awaitStatus(this.runs, this.runs.runsOfEvent(eventId).get(0), status);
	}

	private void sendToQueue(String body) {
		MainQueue.send(this.sqs, this.sqsProperties, body);
	}

}
