package io.sermonflow.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.sermonflow.retention.Retained;
import io.sermonflow.retention.RetentionTarget;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who did what to what, and when: every action staff take through the API or the console
 * (retry, cancel, clear, redrive, pause, trigger, deletes, users and tokens).
 */
@Repository
public class AuditLog implements RetentionTarget {

	static final String RECORDED = AuditLog.class.getName() + ".recorded";

	private final JdbcClient jdbc;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void record(String actor, String action, String target, String detail) {
		this.jdbc.sql("INSERT INTO sf_audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
			.params(Timestamp.from(this.clock.instant()), truncate(actor, 200), truncate(action, 100),
					truncate(target, 300), truncate(detail, 2000))
			.update();
	}

	/** Newest first; {@code beforeId} pages on. */
	public List<Entry> list(int limit, Long beforeId) {
		return this.jdbc.sql("""
				SELECT id, at, actor, action, target, detail FROM sf_audit
				WHERE (CAST(:before AS BIGINT) IS NULL OR id < :before) ORDER BY id DESC LIMIT :limit""")
			.param("before", beforeId)
			.param("limit", limit)
			.query((rs, row) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
					rs.getString("action"), rs.getString("target"), rs.getString("detail")))
			.list();
	}

	@Override
	public Retained kind() {
		return Retained.AUDIT;
	}

	@Override
	public long count(Instant cutoff) {
		return this.jdbc.sql("SELECT count(*) FROM sf_audit WHERE at < ?")
			.param(Timestamp.from(cutoff))
			.query(Long.class)
			.single();
	}

	@Override
	public int purge(Instant cutoff, int limit) {
		return this.jdbc
			.sql("DELETE FROM sf_audit WHERE id IN (SELECT id FROM sf_audit WHERE at < ? ORDER BY at LIMIT ?)")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	/**
	 * Marks a request whose handler recorded its actions itself, so the request is not
	 * recorded again as a whole.
	 */
	public static void recordedBy(jakarta.servlet.http.HttpServletRequest request) {
		request.setAttribute(RECORDED, Boolean.TRUE);
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	/** One recorded action. */
	public record Entry(long id, Instant at, String actor, String action, String target, String detail) {
	}

}
