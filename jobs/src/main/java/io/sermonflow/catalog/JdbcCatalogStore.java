package io.sermonflow.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Series and preachers in PostgreSQL, and which sermons belong to them. Both kinds share
 * one shape (id, slug, name, description), so most statements serve both through
 * {@link Kind}, whose table and column names are constants, never input.
 */
@Repository
public class JdbcCatalogStore {

	/** The two kinds of entry, with where each lives and how a sermon names it. */
	enum Kind {

		SERIES("sf_series", "series_id", "series"), PREACHER("sf_preacher", "preacher_id", "preacher");

		final String table;

		final String id;

		/** The sermon's column holding the name. */
		final String name;

		Kind(String table, String id, String name) {
			this.table = table;
			this.id = id;
			this.name = name;
		}

	}

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcCatalogStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The id of the entry of this name, in any case. */
	Optional<String> idNamed(Kind kind, String name) {
		return this.jdbc.sql("SELECT " + kind.id + " FROM " + kind.table + " WHERE lower(name) = lower(?)")
			.param(name)
			.query(String.class)
			.optional();
	}

	/** Adds an entry; false when its name or slug is taken (nothing changes then). */
	boolean insert(Kind kind, String id, String slug, String name, String description) {
		return this.jdbc.sql("INSERT INTO " + kind.table + " (" + kind.id
				+ ", slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
			.params(id, slug, name, description, now(), now())
			.update() == 1;
	}

	/**
	 * Renames or describes an entry; the sermons' copy of the name follows. False when
	 * another entry has the name.
	 */
	boolean edit(Kind kind, String id, String name, String description) {
		if (name != null && idNamed(kind, name).filter((other) -> !other.equals(id)).isPresent()) {
			return false;
		}
		this.jdbc
			.sql("UPDATE " + kind.table + " SET name = COALESCE(:name, name), description = COALESCE(:description,"
					+ " description), updated_at = :now WHERE " + kind.id + " = :id")
			.param("name", name)
			.param("description", description)
			.param("now", now())
			.param("id", id)
			.update();
		// the sermons' copy of the name follows, and what shows them (feeds) renders
		// again
		this.jdbc
			.sql("UPDATE sf_sermon SET " + kind.name + " = COALESCE(:name, " + kind.name + "), updated_at = :now WHERE "
					+ kind.id + " = :id")
			.param("name", name)
			.param("now", now())
			.param("id", id)
			.update();
		return true;
	}

	/** Names sermons carry that no entry stands for yet (from before entries existed). */
	List<String> unlinkedNames(Kind kind) {
		return this.jdbc
			.sql("SELECT DISTINCT " + kind.name + " FROM sf_sermon WHERE " + kind.id + " IS NULL AND " + kind.name
					+ " IS NOT NULL ORDER BY 1")
			.query(String.class)
			.list();
	}

	/** Links every sermon that names an entry, by name in any case, to it. */
	int linkByName(Kind kind) {
		return this.jdbc
			.sql("UPDATE sf_sermon s SET " + kind.id + " = e." + kind.id + " FROM " + kind.table + " e WHERE s."
					+ kind.id + " IS NULL AND s." + kind.name + " IS NOT NULL AND lower(s." + kind.name
					+ ") = lower(e.name)")
			.update();
	}

	public Optional<Series> seriesBySlug(String slug) {
		return this.jdbc.sql("SELECT * FROM sf_series WHERE slug = ?").param(slug).query(this::mapSeries).optional();
	}

	public Optional<Series> series(String id) {
		return this.jdbc.sql("SELECT * FROM sf_series WHERE series_id = ?").param(id).query(this::mapSeries).optional();
	}

	/** The series a sermon belongs to. */
	public Optional<Series> seriesOf(String sermonId) {
		return this.jdbc
			.sql("SELECT e.* FROM sf_series e JOIN sf_sermon s ON s.series_id = e.series_id WHERE s.sermon_id = ?")
			.param(sermonId)
			.query(this::mapSeries)
			.optional();
	}

	/** Every series by name, with its published sermons counted. */
	public List<Listed<Series>> listSeries() {
		return this.jdbc.sql("""
				SELECT e.*, count(s.sermon_id) AS published, max(s.preached_on) AS latest FROM sf_series e
				LEFT JOIN sf_sermon s ON s.series_id = e.series_id AND s.status = 'PUBLISHED'
				GROUP BY e.series_id ORDER BY lower(e.name)""")
			.query((rs, i) -> new Listed<>(mapSeries(rs, i), rs.getInt("published"), date(rs)))
			.list();
	}

	public void setArtwork(String seriesId, String key, String type) {
		this.jdbc.sql("UPDATE sf_series SET artwork_key = ?, artwork_type = ?, updated_at = ? WHERE series_id = ?")
			.params(key, type, now(), seriesId)
			.update();
		// the series' feed names its artwork: it renders again
		this.jdbc.sql("UPDATE sf_sermon SET updated_at = ? WHERE series_id = ?").params(now(), seriesId).update();
	}

	/** Removes a series; its sermons keep their place, in no series. */
	public boolean deleteSeries(String id) {
		this.jdbc.sql("UPDATE sf_sermon SET series = NULL, series_id = NULL, updated_at = ? WHERE series_id = ?")
			.params(now(), id)
			.update();
		return this.jdbc.sql("DELETE FROM sf_series WHERE series_id = ?").param(id).update() == 1;
	}

	/** Puts sermons into a series; returns how many exist and moved. */
	public int assign(String seriesId, String seriesName, Collection<String> sermonIds) {
		if (sermonIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE sf_sermon SET series_id = :id, series = :name, updated_at = :now
				WHERE sermon_id IN (:sermons)""")
			.param("id", seriesId)
			.param("name", seriesName)
			.param("now", now())
			.param("sermons", sermonIds)
			.update();
	}

	public Optional<Preacher> preacherBySlug(String slug) {
		return this.jdbc.sql("SELECT * FROM sf_preacher WHERE slug = ?")
			.param(slug)
			.query(this::mapPreacher)
			.optional();
	}

	public Optional<Preacher> preacher(String id) {
		return this.jdbc.sql("SELECT * FROM sf_preacher WHERE preacher_id = ?")
			.param(id)
			.query(this::mapPreacher)
			.optional();
	}

	/** The preacher of a sermon. */
	public Optional<Preacher> preacherOf(String sermonId) {
		return this.jdbc.sql(
				"SELECT e.* FROM sf_preacher e JOIN sf_sermon s ON s.preacher_id = e.preacher_id WHERE s.sermon_id = ?")
			.param(sermonId)
			.query(this::mapPreacher)
			.optional();
	}

	/** Every preacher by name, with their published sermons counted. */
	public List<Listed<Preacher>> listPreachers() {
		return this.jdbc.sql("""
				SELECT e.*, count(s.sermon_id) AS published, max(s.preached_on) AS latest FROM sf_preacher e
				LEFT JOIN sf_sermon s ON s.preacher_id = e.preacher_id AND s.status = 'PUBLISHED'
				GROUP BY e.preacher_id ORDER BY lower(e.name)""")
			.query((rs, i) -> new Listed<>(mapPreacher(rs, i), rs.getInt("published"), date(rs)))
			.list();
	}

	private Series mapSeries(ResultSet rs, int row) throws SQLException {
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Series(rs.getString("series_id"), rs.getString("slug"), rs.getString("name"),
				rs.getString("description"), rs.getString("artwork_key"), rs.getString("artwork_type"),
				(updated != null) ? updated.toInstant() : null);
	}

	private Preacher mapPreacher(ResultSet rs, int row) throws SQLException {
		return new Preacher(rs.getString("preacher_id"), rs.getString("slug"), rs.getString("name"),
				rs.getString("description"));
	}

	private static LocalDate date(ResultSet rs) throws SQLException {
		return rs.getObject("latest", LocalDate.class);
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
