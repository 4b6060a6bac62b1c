package io.sermonflow.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.sermonflow.event.DeadLetter;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Why messages failed in the intake, and the dead letters drained from the SQS
 * dead-letter queue with that reason.
 */
@Repository
class DeadLetterStore {

	/**
	 * Failures of messages that later succeeded, or were never dead-lettered, age out.
	 */
	static final Duration FAILURE_RETENTION = Duration.ofDays(15);

	private final JdbcClient jdbc;

	private final Clock clock;

	DeadLetterStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void failed(String messageId, String body, String reason, int receiveCount) {
		this.jdbc.sql("""
				INSERT INTO sf_intake_failure (message_id, body_sha256, reason, receive_count, failed_at)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (message_id) DO UPDATE SET reason = EXCLUDED.reason,
				       receive_count = EXCLUDED.receive_count, failed_at = EXCLUDED.failed_at""")
			.params(messageId, sha256(body), reason, receiveCount, now())
			.update();
	}

	/**
	 * Keeps a message SQS dead-lettered, with the reason the intake last gave for it
	 * (found by message id, or by body for a queue that gives the dead letter a new id).
	 */
	void deadLettered(String messageId, String body, int receiveCount, Instant sentAt) {
		this.jdbc.sql("""
				WITH f AS (SELECT reason, receive_count FROM sf_intake_failure
				           WHERE message_id = :id OR body_sha256 = :sha
				           ORDER BY (message_id = :id) DESC, failed_at DESC LIMIT 1)
				INSERT INTO sf_dead_letter (message_id, body, receive_count, sent_at, dead_at, error)
				VALUES (:id, :body, COALESCE((SELECT receive_count FROM f), :receives), :sentAt, :now,
				        COALESCE((SELECT reason FROM f), 'moved to the dead-letter queue without a recorded reason'))
				ON CONFLICT (message_id) DO NOTHING""")
			.param("id", messageId)
			.param("sha", sha256(body))
			.param("body", body)
			.param("receives", receiveCount)
			.param("sentAt", (sentAt != null) ? Timestamp.from(sentAt) : null)
			.param("now", now())
			.update();
		this.jdbc.sql("DELETE FROM sf_intake_failure WHERE message_id = ?").param(messageId).update();
	}

	List<DeadLetter> list(int limit) {
		return this.jdbc.sql("""
				SELECT message_id, body, receive_count, sent_at, dead_at, error FROM sf_dead_letter
				ORDER BY dead_at DESC, message_id LIMIT ?""").param(limit).query(this::map).list();
	}

	List<DeadLetter> find(List<String> messageIds) {
		return this.jdbc.sql("""
				SELECT message_id, body, receive_count, sent_at, dead_at, error FROM sf_dead_letter
				WHERE message_id IN (:ids) ORDER BY dead_at, message_id""")
			.param("ids", messageIds)
			.query(this::map)
			.list();
	}

	Optional<DeadLetter> find(String messageId) {
		return find(List.of(messageId)).stream().findFirst();
	}

	/** The oldest dead letters, for redriving all of them a page at a time. */
	List<DeadLetter> oldest(int limit) {
		return this.jdbc.sql("""
				SELECT message_id, body, receive_count, sent_at, dead_at, error FROM sf_dead_letter
				ORDER BY dead_at, message_id LIMIT ?""").param(limit).query(this::map).list();
	}

	boolean delete(String messageId) {
		return this.jdbc.sql("DELETE FROM sf_dead_letter WHERE message_id = ?").param(messageId).update() == 1;
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM sf_dead_letter").query(Long.class).single();
	}

	void forgetOldFailures() {
		this.jdbc.sql("DELETE FROM sf_intake_failure WHERE failed_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(FAILURE_RETENTION)))
			.update();
	}

	private DeadLetter map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		Timestamp sent = rs.getTimestamp("sent_at");
		return new DeadLetter(rs.getString("message_id"), rs.getString("body"), rs.getInt("receive_count"),
				(sent != null) ? sent.toInstant() : null, rs.getTimestamp("dead_at").toInstant(),
				rs.getString("error"));
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	static String sha256(String body) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
