package io.sermonflow.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.sermonflow.retention.Retained;
import io.sermonflow.retention.RetentionTarget;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Notifications for staff in the console: a sermon published or failed. Written in the
 * task's own transaction; a key says each thing once, however often its task runs.
 */
@Repository
public class ConsoleNotifications implements RetentionTarget {

	private final JdbcClient jdbc;

	private final Clock clock;

	ConsoleNotifications(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void add(String key, Level level, String title, String link) {
		this.jdbc.sql("""
				INSERT INTO sf_notification (key, at, level, title, link) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (key) DO NOTHING""")
			.params(key, Timestamp.from(this.clock.instant()), level.name(),
					(title.length() > 500) ? title.substring(0, 500) : title, link)
			.update();
	}

	@Override
	public Retained kind() {
		return Retained.NOTIFICATIONS;
	}

	@Override
	public long count(Instant cutoff) {
		return this.jdbc.sql("SELECT count(*) FROM sf_notification WHERE at < ?")
			.param(Timestamp.from(cutoff))
			.query(Long.class)
			.single();
	}

	@Override
	public int purge(Instant cutoff, int limit) {
		return this.jdbc.sql(
				"DELETE FROM sf_notification WHERE id IN (SELECT id FROM sf_notification WHERE at < ? ORDER BY at LIMIT ?)")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	public List<Notification> latest(int limit) {
		return this.jdbc.sql("SELECT at, level, title, link FROM sf_notification ORDER BY at DESC, id DESC LIMIT ?")
			.param(limit)
			.query((rs, row) -> new Notification(rs.getTimestamp("at").toInstant(),
					Level.valueOf(rs.getString("level")), rs.getString("title"), rs.getString("link")))
			.list();
	}

	public enum Level {

		INFO, ERROR

	}

	/** One notification as the console lists it. */
	public record Notification(Instant at, Level level, String title, String link) {
	}

}
