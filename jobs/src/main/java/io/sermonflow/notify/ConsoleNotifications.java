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
 * task's own transaction; a key says each thing once, however often its task runs. Each
 * names its kind and what it is about; the console decides where that links to.
 */
@Repository
public class ConsoleNotifications implements RetentionTarget {

	private final JdbcClient jdbc;

	private final Clock clock;

	ConsoleNotifications(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void add(String key, Kind kind, String title, About about) {
		this.jdbc.sql("""
				INSERT INTO sf_notification (key, at, level, kind, title, subject, subject_id)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (key) DO NOTHING""")
			.params(key, Timestamp.from(this.clock.instant()), kind.level().name(), kind.name(),
					(title.length() > 500) ? title.substring(0, 500) : title, about.subject().name(), about.id())
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
		return this.jdbc
			.sql("SELECT at, level, kind, title, subject, subject_id FROM sf_notification "
					+ "ORDER BY at DESC, id DESC LIMIT ?")
			.param(limit)
			.query((rs, row) -> new Notification(rs.getTimestamp("at").toInstant(),
					Level.valueOf(rs.getString("level")), Kind.parse(rs.getString("kind")), rs.getString("title"),
					(rs.getString("subject") != null && rs.getString("subject_id") != null)
							? new About(Subject.valueOf(rs.getString("subject")), rs.getString("subject_id")) : null))
			.list();
	}

	public enum Level {

		INFO, ERROR

	}

	/** What happened, and how loud it is. */
	public enum Kind {

		SERMON_PUBLISHED(Level.INFO), SERMON_SCHEDULED(Level.INFO), SERMON_FAILED(Level.ERROR);

		private final Level level;

		Kind(Level level) {
			this.level = level;
		}

		public Level level() {
			return this.level;
		}

		/** A stored kind; null for one this version does not know. */
		static Kind parse(String stored) {
			for (Kind kind : values()) {
				if (kind.name().equals(stored)) {
					return kind;
				}
			}
			return null;
		}

	}

	/** The kinds of thing a notification can be about. */
	public enum Subject {

		SERMON, RUN

	}

	/** What a notification is about: a sermon or a run, by id. */
	public record About(Subject subject, String id) {

		public static About sermon(String sermonId) {
			return new About(Subject.SERMON, sermonId);
		}

		public static About run(String runId) {
			return new About(Subject.RUN, runId);
		}

	}

	/**
	 * One notification as the console lists it; {@code about} is null for one that names
	 * nothing.
	 */
	public record Notification(Instant at, Level level, Kind kind, String title, About about) {
	}

}
