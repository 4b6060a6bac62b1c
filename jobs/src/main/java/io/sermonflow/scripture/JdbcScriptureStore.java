package io.sermonflow.scripture;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sermons' scripture references, in PostgreSQL. */
@Repository
public class JdbcScriptureStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcScriptureStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The sermon's references in time order, removed ones included. */
	public List<ScriptureRef> of(String sermonId) {
		return this.jdbc.sql("SELECT * FROM sf_scripture_ref WHERE sermon_id = ? ORDER BY start_s, osis")
			.param(sermonId)
			.query(this::map)
			.list();
	}

	public Optional<ScriptureRef> find(String sermonId, String refId) {
		return this.jdbc.sql("SELECT * FROM sf_scripture_ref WHERE sermon_id = ? AND ref_id = ?")
			.params(sermonId, refId)
			.query(this::map)
			.optional();
	}

	/**
	 * Replaces what was found before with {@code found}, leaving what staff confirmed,
	 * removed or added: a passage they decided on is not found again. Call inside a
	 * transaction.
	 */
	public void replaceFound(String sermonId, List<ScriptureRef> found) {
		this.jdbc.sql("DELETE FROM sf_scripture_ref WHERE sermon_id = ? AND status = 'found'").param(sermonId).update();
		Set<String> decided = new HashSet<>();
		for (ScriptureRef ref : of(sermonId)) {
			decided.add(ref.passage().osis() + "@" + Math.round(ref.at()));
		}
		for (ScriptureRef ref : found) {
			if (!decided.contains(ref.passage().osis() + "@" + Math.round(ref.at()))) {
				insert(ref);
			}
		}
	}

	public void insert(ScriptureRef ref) {
		this.jdbc
			.sql("""
					INSERT INTO sf_scripture_ref (ref_id, sermon_id, osis, display, start_s, kind, status, changed_by, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(ref.id(), ref.sermonId(), ref.passage().osis(), ref.passage().display(), ref.at(),
					ref.kind().name().toLowerCase(Locale.ROOT), ref.status().name().toLowerCase(Locale.ROOT),
					ref.changedBy(), Timestamp.from(this.clock.instant()))
			.update();
	}

	/** False when the sermon has no such reference. */
	public boolean setStatus(String sermonId, String refId, ScriptureRef.Status status, String by) {
		return this.jdbc
			.sql("UPDATE sf_scripture_ref SET status = ?, changed_by = ? WHERE sermon_id = ? AND ref_id = ?")
			.params(status.name().toLowerCase(Locale.ROOT), by, sermonId, refId)
			.update() == 1;
	}

	/**
	 * Sermons with a reference (not removed) within {@code osis}: a book, chapter or
	 * verse.
	 */
	public Set<String> sermonsCiting(String osis) {
		String book = osis.split("\\.")[0];
		Set<String> sermons = new HashSet<>();
		this.jdbc.sql("SELECT * FROM sf_scripture_ref WHERE osis LIKE ? AND status <> 'removed'")
			.param(book + ".%")
			.query(this::map)
			.list()
			.stream()
			.filter((ref) -> ref.passage().within(osis))
			.forEach((ref) -> sermons.add(ref.sermonId()));
		return sermons;
	}

	/**
	 * How many published sermons cite each book (references not removed), by the book's
	 * OSIS name.
	 */
	public java.util.Map<String, Integer> publishedSermonsByBook() {
		java.util.Map<String, Integer> counts = new java.util.HashMap<>();
		this.jdbc.sql("""
				SELECT split_part(r.osis, '.', 1) AS book, count(DISTINCT r.sermon_id) AS sermons
				FROM sf_scripture_ref r JOIN sf_sermon s ON s.sermon_id = r.sermon_id AND s.status = 'PUBLISHED'
				WHERE r.status <> 'removed' GROUP BY 1""")
			.query((rs, i) -> counts.put(rs.getString("book"), rs.getInt("sermons")))
			.list();
		return counts;
	}

	public static String newId() {
		return UUID.randomUUID().toString();
	}

	private ScriptureRef map(ResultSet rs, int row) throws SQLException {
		return new ScriptureRef(rs.getString("ref_id"), rs.getString("sermon_id"), Passage.parse(rs.getString("osis")),
				rs.getDouble("start_s"), ScriptureRef.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
				ScriptureRef.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
				rs.getString("changed_by"));
	}

}
