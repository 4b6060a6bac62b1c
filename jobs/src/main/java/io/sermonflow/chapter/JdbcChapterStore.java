package io.sermonflow.chapter;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A sermon's chapters, in PostgreSQL: one list per sermon, replaced whole. */
@Repository
public class JdbcChapterStore {

	private static final TypeReference<List<Chapter>> CHAPTERS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	JdbcChapterStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** Found from the transcript, or written by staff (who then own them). */
	public enum Source {

		GENERATED, EDITED

	}

	/** A sermon's chapters, where they came from, and who last wrote them when. */
	public record Chapters(Source source, List<Chapter> chapters, Instant updatedAt, String updatedBy) {
	}

	public Optional<Chapters> find(String sermonId) {
		return this.jdbc.sql(
				"SELECT source, chapters::text AS chapters, updated_at, updated_by FROM sf_chapters WHERE sermon_id = ?")
			.param(sermonId)
			.query((rs, i) -> new Chapters(Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
					this.json.readValue(rs.getString("chapters"), CHAPTERS), rs.getTimestamp("updated_at").toInstant(),
					rs.getString("updated_by")))
			.optional();
	}

	/**
	 * Writes chapters found from the transcript, unless staff wrote the sermon's chapters
	 * (or {@code overwrite}); true when written.
	 */
	public boolean saveGenerated(String sermonId, List<Chapter> chapters, String by, boolean overwrite) {
		return this.jdbc.sql("""
				INSERT INTO sf_chapters (sermon_id, source, chapters, updated_at, updated_by)
				VALUES (?, 'generated', ?::jsonb, ?, ?)
				ON CONFLICT (sermon_id) DO UPDATE SET source = 'generated', chapters = EXCLUDED.chapters,
				       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
				WHERE sf_chapters.source = 'generated' OR ?""")
			.params(sermonId, this.json.writeValueAsString(chapters), Timestamp.from(this.clock.instant()), by,
					overwrite)
			.update() == 1;
	}

	/** Writes chapters staff wrote; a later transcript change no longer replaces them. */
	public void saveEdited(String sermonId, List<Chapter> chapters, String editor) {
		this.jdbc.sql("""
				INSERT INTO sf_chapters (sermon_id, source, chapters, updated_at, updated_by)
				VALUES (?, 'edited', ?::jsonb, ?, ?)
				ON CONFLICT (sermon_id) DO UPDATE SET source = 'edited', chapters = EXCLUDED.chapters,
				       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
			.params(sermonId, this.json.writeValueAsString(chapters), Timestamp.from(this.clock.instant()), editor)
			.update();
	}

}
