package io.sermonflow.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.sermonflow.event.DeadLetter;
import io.sermonflow.event.DeadLetters;
import io.sermonflow.event.EventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import org.springframework.stereotype.Service;

/**
 * The dead letters of SQS: messages SQS moved to the dead-letter queue after
 * maxReceiveCount failed receives. They are drained into PostgreSQL with the reason the
 * intake gave, so they stay inspectable (an SQS queue drops a message after 14 days at
 * most); an operator redrives them to the main queue, corrected or as they are, or
 * deletes them.
 */
@Service
class SqsDeadLetters implements DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(SqsDeadLetters.class);

	private static final int PAGE = 100;

	private final DeadLetterStore store;

	private final EventQueue queue;

	private final EventParser parser;

	SqsDeadLetters(DeadLetterStore store, EventQueue queue, EventParser parser) {
		this.store = store;
		this.queue = queue;
		this.parser = parser;
	}

	@Override
	public List<DeadLetter> list(int limit) {
		return this.store.list(limit);
	}

	@Override
	public long count() {
		return this.store.count();
	}

	/**
	 * Moves dead letters back to the main queue as they are; no ids means all. Returns
	 * the ids moved; an id that is not a dead letter is left out.
	 */
	@Override
	public List<String> redrive(List<String> messageIds) {
		List<String> moved = new ArrayList<>();
		if (messageIds.isEmpty()) {
			for (List<DeadLetter> page = this.store.oldest(PAGE); !page.isEmpty(); page = this.store.oldest(PAGE)) {
				page.forEach((letter) -> moved.add(moveBack(letter, letter.body())));
			}
			return moved;
		}
		Set<String> wanted = new HashSet<>(messageIds);
		for (DeadLetter letter : this.store.find(List.copyOf(wanted))) {
			moved.add(moveBack(letter, letter.body()));
		}
		return moved;
	}

	/**
	 * Moves one dead letter back with a corrected body, which must be a valid event;
	 * false when there is no such dead letter.
	 */
	@Override
	public boolean redriveCorrected(String messageId, String correctedBody) {
		this.parser.parse(correctedBody, "sqs-" + messageId);
		return this.store.find(messageId).map((letter) -> moveBack(letter, correctedBody)).isPresent();
	}

	@Override
	public boolean delete(String messageId) {
		return this.store.delete(messageId);
	}

	/**
	 * Published first, deleted after: a crash in between sends it twice, and the intake
	 * records an event id once.
	 */
	private String moveBack(DeadLetter letter, String body) {
		this.queue.publishBody(body);
		this.store.delete(letter.messageId());
		log.info("Dead letter {} moved back to the main queue", letter.messageId());
		return letter.messageId();
	}

	/** Takes what SQS dead-lettered into the store; returns how many. */
	int drainOnce() {
		int drained = 0;
		for (List<Message> batch = this.queue.receiveDeadLetters(10, 0); !batch.isEmpty(); batch = this.queue
			.receiveDeadLetters(10, 0)) {
			for (Message message : batch) {
				String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
				String receives = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
				this.store.deadLettered(message.messageId(), message.body(),
						(receives != null) ? Integer.parseInt(receives) : 0,
						(sent != null) ? Instant.ofEpochMilli(Long.parseLong(sent)) : null);
				log.warn("Message {} was dead-lettered", message.messageId());
			}
			this.queue.deleteDeadLetters(batch);
			drained += batch.size();
		}
		this.store.forgetOldFailures();
		return drained;
	}

}
