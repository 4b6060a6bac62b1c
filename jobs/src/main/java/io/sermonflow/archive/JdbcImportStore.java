package io.sermonflow.archive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The SQL of archive imports and their items. */
@Repository
class JdbcImportStore {

	/**
	 * The items that own their guid: a later import of the same guid is skipped. Kept
	 * identical to the predicate of {@code sf_import_item_guid_idx}.
	 */
	private static final String OWNS_GUID = "state IN ('PENDING', 'RUNNING', 'DONE') OR sermon_id IS NOT NULL";

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcImportStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the import and its items: the first {@code canary} new ones are its canary.
	 */
	@Transactional
	void create(ArchiveImport archive, List<Feed.Item> items) {
		this.jdbc.sql("""
				INSERT INTO sf_import (import_id, feed_url, feed_title, state, canary_size, series_from_feed, church_id,
				                       error, created_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(archive.id(), archive.feedUrl(), archive.feedTitle(), archive.state().name(), archive.canarySize(),
					archive.seriesFromFeed(), archive.churchId(), archive.error(), archive.createdBy(), now(), now())
			.update();
		int canary = archive.canarySize();
		int n = 0;
		for (Feed.Item item : items) {
			n++;
			if (item.problem() != null) {
				insertItem(archive.id(), n, item, false, ImportState.Item.FAILED, item.problem());
				continue;
			}
			if (insertNew(archive.id(), n, item, canary > 0)) {
				canary--;
				continue;
			}
			insertItem(archive.id(), n, item, false, ImportState.Item.SKIPPED, alreadyImported(item.guid()));
		}
	}

	private boolean insertNew(String importId, int n, Feed.Item item, boolean canary) {
		return this.jdbc
			.sql("""
					INSERT INTO sf_import_item (import_id, n, guid, title, published_on, description, enclosure_url, preacher,
					                            transcript_url, transcript_type, duration_seconds, canary, state)
					VALUES (:id, :n, :guid, :title, :date, :description, :enclosure, :preacher, :transcript, :type,
					        :duration, :canary, 'PENDING')
					ON CONFLICT (guid)"""
					+ " WHERE " + OWNS_GUID + " DO NOTHING")
			.params(itemParams(importId, n, item, canary))
			.update() == 1;
	}

	private void insertItem(String importId, int n, Feed.Item item, boolean canary, ImportState.Item state,
			String reason) {
		Map<String, Object> params = itemParams(importId, n, item, canary);
		params.put("state", state.name());
		params.put("reason", reason);
		this.jdbc
			.sql("""
					INSERT INTO sf_import_item (import_id, n, guid, title, published_on, description, enclosure_url, preacher,
					                            transcript_url, transcript_type, duration_seconds, canary, state, reason)
					VALUES (:id, :n, :guid, :title, :date, :description, :enclosure, :preacher, :transcript, :type,
					        :duration, :canary, :state, :reason)""")
			.params(params)
			.update();
	}

	private static Map<String, Object> itemParams(String importId, int n, Feed.Item item, boolean canary) {
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("id", importId);
		params.put("n", n);
		params.put("guid", item.guid());
		params.put("title", item.title());
		params.put("date", item.publishedOn());
		params.put("description", item.description());
		params.put("enclosure", item.enclosureUrl());
		params.put("preacher", item.preacher());
		params.put("transcript", item.transcriptUrl());
		params.put("type", item.transcriptType());
		params.put("duration", item.durationSeconds());
		params.put("canary", canary);
		return params;
	}

	/** Why an item whose guid another item owns is skipped; null when none does. */
	String alreadyImported(String guid) {
		return this.jdbc.sql("SELECT import_id, n FROM sf_import_item WHERE guid = ? AND (" + OWNS_GUID + ")")
			.param(guid)
			.query((rs, i) -> "Already imported: item " + rs.getInt(2) + " of import " + rs.getString(1))
			.optional()
			.orElse(null);
	}

	Optional<ArchiveImport> find(String id) {
		return this.jdbc.sql("SELECT * FROM sf_import WHERE import_id = ?").param(id).query(this::map).optional();
	}

	List<ArchiveImport> list(int limit) {
		return this.jdbc.sql("SELECT * FROM sf_import ORDER BY created_at DESC, import_id LIMIT ?")
			.param(limit)
			.query(this::map)
			.list();
	}

	List<ArchiveImport> inStates(Set<ImportState> states) {
		return this.jdbc.sql("SELECT * FROM sf_import WHERE state IN (:states) ORDER BY created_at")
			.param("states", states.stream().map(Enum::name).toList())
			.query(this::map)
			.list();
	}

	List<ArchiveImport.Item> items(String importId) {
		return this.jdbc.sql("SELECT * FROM sf_import_item WHERE import_id = ? ORDER BY n")
			.param(importId)
			.query(this::item)
			.list();
	}

	Optional<ArchiveImport.Item> item(String importId, int n) {
		return this.jdbc.sql("SELECT * FROM sf_import_item WHERE import_id = ? AND n = ?")
			.params(importId, n)
			.query(this::item)
			.optional();
	}

	/** Moves the import from one of {@code from} to {@code to}; false when it was not. */
	boolean changeState(String id, Set<ImportState> from, ImportState to, String by) {
		for (ImportState state : from) {
			if (!state.canBecome(to)) {
				throw new IllegalStateException("An import cannot go from " + state + " to " + to);
			}
		}
		boolean continuing = to == ImportState.RUNNING && from.contains(ImportState.WAITING_FOR_REVIEW);
		return this.jdbc
			.sql("UPDATE sf_import SET state = :to, updated_at = :now"
					+ (continuing ? ", continued_by = :by, continued_at = :now" : "")
					+ " WHERE import_id = :id AND state IN (:from)")
			.param("to", to.name())
			.param("now", now())
			.param("by", by)
			.param("id", id)
			.param("from", from.stream().map(Enum::name).toList())
			.update() == 1;
	}

	/**
	 * Takes the next pending item (a canary item only, when asked) to release; empty when
	 * none is left.
	 */
	Optional<ArchiveImport.Item> claimNext(String importId, boolean canaryOnly) {
		return this.jdbc.sql("""
				UPDATE sf_import_item SET state = 'RUNNING', released_at = :now
				WHERE (import_id, n) = (SELECT import_id, n FROM sf_import_item
				                        WHERE import_id = :id AND state = 'PENDING' AND (canary OR NOT :canaryOnly)
				                        ORDER BY n LIMIT 1 FOR UPDATE SKIP LOCKED)
				RETURNING *""")
			.param("now", now())
			.param("id", importId)
			.param("canaryOnly", canaryOnly)
			.query(this::item)
			.optional();
	}

	void released(String importId, int n, String sermonId) {
		this.jdbc.sql("UPDATE sf_import_item SET sermon_id = ? WHERE import_id = ? AND n = ?")
			.params(sermonId, importId, n)
			.update();
	}

	/** An item whose release could not be done yet is pending again. */
	void unclaim(String importId, int n) {
		this.jdbc.sql("""
				UPDATE sf_import_item SET state = 'PENDING', released_at = NULL
				WHERE import_id = ? AND n = ? AND sermon_id IS NULL""").params(importId, n).update();
	}

	String description(String importId, int n) {
		return this.jdbc
			.sql("SELECT description FROM sf_import_item WHERE import_id = ? AND n = ? AND description IS NOT NULL")
			.params(importId, n)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void failed(String importId, int n, String reason) {
		this.jdbc.sql("""
				UPDATE sf_import_item SET state = 'FAILED', reason = ?, finished_at = ?
				WHERE import_id = ? AND n = ?""").params(reason, now(), importId, n).update();
	}

	/**
	 * Brings running items up to date with their sermons: processed is DONE, failed is
	 * FAILED with the sermon's error; one whose sermon is gone, or that a crash left
	 * without one, is FAILED saying so.
	 */
	int settleFinished() {
		int settled = this.jdbc.sql("""
				UPDATE sf_import_item i
				SET state = CASE WHEN s.status = 'FAILED' THEN 'FAILED' ELSE 'DONE' END,
				    reason = CASE WHEN s.status = 'FAILED' THEN s.error END, finished_at = :now
				FROM sf_sermon s
				WHERE i.state = 'RUNNING' AND s.sermon_id = i.sermon_id AND s.status <> 'PROCESSING'""")
			.param("now", now())
			.update();
		settled += this.jdbc
			.sql("""
					UPDATE sf_import_item i SET state = 'FAILED', finished_at = :now,
					    reason = CASE WHEN i.sermon_id IS NULL
					                  THEN 'Interrupted while its sermon was being created; retry the item'
					                  ELSE 'Its sermon was deleted' END
					WHERE i.state = 'RUNNING'
					  AND ((i.sermon_id IS NULL AND i.released_at < :stale)
					       OR (i.sermon_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sf_sermon s WHERE s.sermon_id = i.sermon_id)))""")
			.param("now", now())
			.param("stale", Timestamp.from(this.clock.instant().minusSeconds(300)))
			.update();
		return settled;
	}

	/** Items of every import now in the pipeline. */
	int running() {
		return this.jdbc.sql("SELECT count(*) FROM sf_import_item WHERE state = 'RUNNING'")
			.query(Integer.class)
			.single();
	}

	/** Items of every import released since {@code since}. */
	int releasedSince(Instant since) {
		return this.jdbc.sql("SELECT count(*) FROM sf_import_item WHERE released_at >= ?")
			.param(Timestamp.from(since))
			.query(Integer.class)
			.single();
	}

	Map<ImportState.Item, Integer> counts(String importId) {
		Map<ImportState.Item, Integer> counts = new EnumMap<>(ImportState.Item.class);
		this.jdbc.sql("SELECT state, count(*) FROM sf_import_item WHERE import_id = ? GROUP BY state")
			.param(importId)
			.query((rs) -> {
				counts.put(ImportState.Item.valueOf(rs.getString(1)), rs.getInt(2));
			});
		return counts;
	}

	/** Seconds of audio of the import's done items. */
	double doneAudioSeconds(String importId) {
		return this.jdbc.sql("""
				SELECT coalesce(sum(s.duration_seconds), 0) FROM sf_import_item i
				JOIN sf_sermon s ON s.sermon_id = i.sermon_id WHERE i.import_id = ? AND i.state = 'DONE'""")
			.param(importId)
			.query(Double.class)
			.single();
	}

	/**
	 * When the import's bulk began (or its canary, before that), and its last item ended.
	 */
	Instant[] window(String importId) {
		return this.jdbc.sql("""
				SELECT min(released_at), max(finished_at) FROM sf_import_item
				WHERE import_id = ? AND state = 'DONE'""")
			.param(importId)
			.query((rs, i) -> new Instant[] { instant(rs, 1), instant(rs, 2) })
			.single();
	}

	/**
	 * The pace of the last 50 done items of any import: audio seconds per wall-clock
	 * second of their time in the pipeline; null before any.
	 */
	Double measuredPace() {
		return this.jdbc.sql("""
				SELECT sum(d) / nullif(sum(w), 0) FROM (
				    SELECT s.duration_seconds AS d, extract(epoch FROM i.finished_at - i.released_at) AS w
				    FROM sf_import_item i JOIN sf_sermon s ON s.sermon_id = i.sermon_id
				    WHERE i.state = 'DONE' AND s.duration_seconds IS NOT NULL
				    ORDER BY i.finished_at DESC LIMIT 50) recent""").query(Double.class).list().get(0);
	}

	/** The mean audio length of done items, to estimate items whose feed gives none. */
	Double meanAudioSeconds(String importId) {
		return this.jdbc.sql("""
				SELECT avg(s.duration_seconds) FROM sf_import_item i JOIN sf_sermon s ON s.sermon_id = i.sermon_id
				WHERE i.import_id = ? AND i.state = 'DONE'""").param(importId).query(Double.class).list().get(0);
	}

	/** Cancels what has not started; returns the sermons of the items still running. */
	@Transactional
	List<String> cancelPending(String importId) {
		this.jdbc.sql("""
				UPDATE sf_import_item SET state = 'CANCELLED', reason = 'The import was cancelled', finished_at = ?
				WHERE import_id = ? AND state = 'PENDING'""").params(now(), importId).update();
		return this.jdbc
			.sql("SELECT sermon_id FROM sf_import_item WHERE import_id = ? AND state = 'RUNNING'"
					+ " AND sermon_id IS NOT NULL")
			.param(importId)
			.query(String.class)
			.list();
	}

	/** A failed item is pending again; false when it was not failed. */
	boolean reset(String importId, int n, boolean canary) {
		return this.jdbc.sql("""
				UPDATE sf_import_item SET state = 'PENDING', reason = NULL, sermon_id = NULL, released_at = NULL,
				    finished_at = NULL, canary = ?
				WHERE import_id = ? AND n = ? AND state = 'FAILED'""").params(canary, importId, n).update() == 1;
	}

	private ArchiveImport map(ResultSet rs, int row) throws SQLException {
		return new ArchiveImport(rs.getString("import_id"), rs.getString("feed_url"), rs.getString("feed_title"),
				ImportState.valueOf(rs.getString("state")), rs.getInt("canary_size"), rs.getBoolean("series_from_feed"),
				rs.getString("church_id"), rs.getString("error"), rs.getString("created_by"), instant(rs, "created_at"),
				instant(rs, "updated_at"), rs.getString("continued_by"), instant(rs, "continued_at"));
	}

	private ArchiveImport.Item item(ResultSet rs, int row) throws SQLException {
		java.sql.Date date = rs.getDate("published_on");
		Double duration = (rs.getObject("duration_seconds") != null) ? rs.getDouble("duration_seconds") : null;
		return new ArchiveImport.Item(rs.getInt("n"), rs.getString("guid"), rs.getString("title"),
				(date != null) ? date.toLocalDate() : null, rs.getString("enclosure_url"), rs.getString("preacher"),
				rs.getString("transcript_url"), rs.getString("transcript_type"), duration, rs.getBoolean("canary"),
				ImportState.Item.valueOf(rs.getString("state")), rs.getString("sermon_id"), rs.getString("reason"),
				instant(rs, "released_at"), instant(rs, "finished_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
