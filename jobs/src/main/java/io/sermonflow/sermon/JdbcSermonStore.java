package io.sermonflow.sermon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.transcript.Transcript;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sermons, their transcripts and chunks, in PostgreSQL. */
@Repository
public class JdbcSermonStore {

	private static final TypeReference<List<Transcript.Word>> WORDS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	JdbcSermonStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	public void create(String id, SermonDetails details, String mediaFolder, String originalKey, String originalName,
			String sourceUrl, String eventId, Instant publishAt) {
		this.jdbc
			.sql("""
					INSERT INTO sf_sermon (sermon_id, title, preacher, preached_on, series, language, church_id, status,
					                       media_folder, original_key, original_name, source_url, event_id, created_at, updated_at,
					                       publish_at, preacher_id, series_id)
					VALUES (:id, :title, :preacher, :preachedOn, :series, :language, :churchId, 'PROCESSING', :folder, :original,
					        :originalName, :sourceUrl, :eventId, :now, :now, :publishAt,
					        (SELECT preacher_id FROM sf_preacher WHERE lower(name) = lower(:preacher)),
					        (SELECT series_id FROM sf_series WHERE lower(name) = lower(:series)))""")
			.param("publishAt", (publishAt != null) ? Timestamp.from(publishAt) : null)
			.param("id", id)
			.param("title", details.title())
			.param("preacher", details.preacher())
			.param("preachedOn", details.preachedOn())
			.param("series", details.series())
			.param("language", details.language())
			.param("churchId", details.churchId())
			.param("folder", mediaFolder)
			.param("original", originalKey)
			.param("originalName", originalName)
			.param("sourceUrl", sourceUrl)
			.param("eventId", eventId)
			.param("now", now())
			.update();
	}

	/**
	 * What an imported sermon brings beside its details: a description, and a transcript
	 * to use instead of transcribing (null: transcribe).
	 */
	public void describe(String id, String description, String transcriptUrl, String transcriptType) {
		this.jdbc.sql("""
				UPDATE sf_sermon SET description = ?, given_transcript_url = ?, given_transcript_type = ?
				WHERE sermon_id = ?""").params(description, transcriptUrl, transcriptType, id).update();
	}

	/** Sets or (with null) clears the description listeners read beside the sermon. */
	public boolean describe(String id, String description) {
		return this.jdbc.sql("UPDATE sf_sermon SET description = ?, updated_at = ? WHERE sermon_id = ?")
			.params(description, now(), id)
			.update() == 1;
	}

	/** The transcript the sermon's source gave, when it gave one. */
	public Optional<GivenTranscript> givenTranscript(String id) {
		return this.jdbc.sql("""
				SELECT given_transcript_url, given_transcript_type FROM sf_sermon
				WHERE sermon_id = ? AND given_transcript_url IS NOT NULL""")
			.param(id)
			.query((rs, i) -> new GivenTranscript(rs.getString(1), rs.getString(2)))
			.optional();
	}

	/** Where a source's own transcript is, and its type. */
	public record GivenTranscript(String url, String type) {
	}

	public Optional<Sermon> find(String id) {
		return this.jdbc.sql("SELECT * FROM sf_sermon WHERE sermon_id = ?").param(id).query(this::map).optional();
	}

	public List<Sermon> list(Sermon.Status status, int limit) {
		return list(status, SermonFilter.NONE, null, limit);
	}

	/**
	 * Sermons newest first, narrowed by status and filter; a page after the sermon
	 * {@code before} (keyset: an id, not an offset, so pages hold still while sermons
	 * arrive).
	 */
	public List<Sermon> list(Sermon.Status status, SermonFilter filter, String before, int limit) {
		return filtered(
				"""
						SELECT * FROM sf_sermon WHERE (CAST(:status AS VARCHAR) IS NULL OR status = :status) AND %s
						  AND (CAST(:before AS VARCHAR) IS NULL
						       OR (created_at, sermon_id) < (SELECT created_at, sermon_id FROM sf_sermon WHERE sermon_id = :before))
						ORDER BY created_at DESC, sermon_id DESC LIMIT :limit""",
				filter)
			.param("status", (status != null) ? status.name() : null)
			.param("before", before)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/**
	 * Published sermons, newest sermon first: what listeners browse and podcasts list.
	 */
	public List<Sermon> listPublished(int limit) {
		return listPublished(SermonFilter.NONE, null, limit);
	}

	/**
	 * Published sermons matching the filter, newest sermon first, a page after the sermon
	 * {@code before} (keyset).
	 */
	public List<Sermon> listPublished(SermonFilter filter, String before, int limit) {
		return filtered("""
				SELECT * FROM sf_sermon WHERE status = 'PUBLISHED' AND %s
				  AND (CAST(:before AS VARCHAR) IS NULL
				       OR (preached_on, published_at, sermon_id)
				          < (SELECT preached_on, published_at, sermon_id FROM sf_sermon WHERE sermon_id = :before))
				ORDER BY preached_on DESC, published_at DESC, sermon_id DESC LIMIT :limit""", filter)
			.param("before", before)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/** A statement with the filter's conditions in place of {@code %s}, bound. */
	private JdbcClient.StatementSpec filtered(String sql, SermonFilter filter) {
		return this.jdbc.sql(sql.formatted("""
				(CAST(:preacher AS VARCHAR) IS NULL OR preacher_id = :preacher)
				  AND (CAST(:series AS VARCHAR) IS NULL OR series_id = :series)
				  AND (CAST(:from AS DATE) IS NULL OR preached_on >= :from)
				  AND (CAST(:to AS DATE) IS NULL OR preached_on <= :to)"""))
			.param("preacher", filter.preacherId())
			.param("series", filter.seriesId())
			.param("from", filter.from())
			.param("to", filter.to());
	}

	/**
	 * Published sermons of one series: newest first (a feed), or in the order they were
	 * preached (the series' page).
	 */
	public List<Sermon> listPublishedInSeries(String seriesId, boolean newestFirst, int limit) {
		return this.jdbc
			.sql("""
					SELECT * FROM sf_sermon WHERE status = 'PUBLISHED' AND series_id = :series
					ORDER BY preached_on %1$s, published_at %1$s, sermon_id LIMIT :limit"""
				.formatted(newestFirst ? "DESC" : "ASC"))
			.param("series", seriesId)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/**
	 * Sermons of one preacher whose transcripts staff approved, the latest approved
	 * first: what the preacher's voice is adapted from.
	 */
	public List<Sermon> listApprovedByPreacher(String preacherId, int limit) {
		return this.jdbc.sql("""
				SELECT s.* FROM sf_sermon s JOIN sf_transcript t ON t.sermon_id = s.sermon_id
				WHERE s.preacher_id = :preacher AND t.approved_at IS NOT NULL
				ORDER BY t.approved_at DESC, s.sermon_id LIMIT :limit""")
			.param("preacher", preacherId)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/** Published sermons of one preacher, newest first. */
	public List<Sermon> listPublishedByPreacher(String preacherId, int limit) {
		return this.jdbc.sql("""
				SELECT * FROM sf_sermon WHERE status = 'PUBLISHED' AND preacher_id = :preacher
				ORDER BY preached_on DESC, published_at DESC, sermon_id LIMIT :limit""")
			.param("preacher", preacherId)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	/**
	 * A value that changes whenever the published set or any of its sermons changes: a
	 * feed rendered at one value stays right until it moves.
	 */
	public String publishedVersion() {
		return this.jdbc.sql("""
				SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM sf_sermon
				WHERE status = 'PUBLISHED'""").query(String.class).single();
	}

	/** Which of these sermons are published, by id. */
	public Map<String, Sermon> publishedAmong(Collection<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<String, Sermon> published = new HashMap<>();
		this.jdbc.sql("SELECT * FROM sf_sermon WHERE status = 'PUBLISHED' AND sermon_id IN (:ids)")
			.param("ids", ids)
			.query(this::map)
			.list()
			.forEach((sermon) -> published.put(sermon.id(), sermon));
		return published;
	}

	public void originalStored(String id, String key) {
		this.jdbc.sql("UPDATE sf_sermon SET original_key = ?, updated_at = ? WHERE sermon_id = ?")
			.params(key, now(), id)
			.update();
	}

	public void probed(String id, double durationSeconds, String metadataJson) {
		this.jdbc.sql("""
				UPDATE sf_sermon SET duration_seconds = ?, metadata = ?::jsonb, updated_at = ? WHERE sermon_id = ?""")
			.params(durationSeconds, metadataJson, now(), id)
			.update();
	}

	public void transcoded(String id, String renditionsJson) {
		this.jdbc.sql("UPDATE sf_sermon SET renditions = ?::jsonb, updated_at = ? WHERE sermon_id = ?")
			.params(renditionsJson, now(), id)
			.update();
	}

	public void published(String id) {
		this.jdbc.sql("""
				UPDATE sf_sermon SET status = 'PUBLISHED', error = NULL, published_at = COALESCE(published_at, :now),
				       ready_at = COALESCE(ready_at, :now), updated_at = :now WHERE sermon_id = :id""")
			.param("now", now())
			.param("id", id)
			.update();
	}

	/**
	 * Moves the sermon to {@code to} if it is in one of {@code from}: false when it is
	 * not (another change came first). Publishing stamps the first publication and
	 * "processed" the first time; any move but to FAILED clears the error.
	 */
	public boolean changeStatus(String id, java.util.Set<Sermon.Status> from, Sermon.Status to) {
		return this.jdbc
			.sql("""
					UPDATE sf_sermon SET status = :to, updated_at = :now,
					       error = CASE WHEN :to = 'FAILED' THEN error END,
					       published_at = CASE WHEN :to = 'PUBLISHED' THEN COALESCE(published_at, :now) ELSE published_at END,
					       ready_at = CASE WHEN :to IN ('PUBLISHED', 'SCHEDULED') THEN COALESCE(ready_at, :now) ELSE ready_at END
					WHERE sermon_id = :id AND status IN (:from)""")
			.param("to", to.name())
			.param("now", now())
			.param("id", id)
			.param("from", from.stream().map(Sermon.Status::name).toList())
			.update() == 1;
	}

	/** When the sermon is to become public; null for as soon as it is processed. */
	public void setPublishAt(String id, Instant publishAt) {
		this.jdbc.sql("UPDATE sf_sermon SET publish_at = ?, updated_at = ? WHERE sermon_id = ?")
			.params((publishAt != null) ? Timestamp.from(publishAt) : null, now(), id)
			.update();
	}

	/**
	 * Where the transcript stands; {@code error} (null unless FAILED) says why it failed.
	 */
	public void transcriptState(String id, Sermon.TranscriptState state, String error) {
		this.jdbc
			.sql("UPDATE sf_sermon SET transcript_state = ?, transcript_error = ?, updated_at = ? WHERE sermon_id = ?")
			.params(state.name(), error, now(), id)
			.update();
	}

	public void failed(String id, String error) {
		this.jdbc.sql("UPDATE sf_sermon SET status = 'FAILED', error = ?, updated_at = ? WHERE sermon_id = ?")
			.params(error, now(), id)
			.update();
	}

	public boolean edit(String id, String title, String preacher, java.time.LocalDate preachedOn, String series) {
		return this.jdbc
			.sql("""
					UPDATE sf_sermon SET title = COALESCE(:title, title), preacher = COALESCE(:preacher, preacher),
					       preached_on = COALESCE(:preachedOn, preached_on), series = COALESCE(:series, series),
					       preacher_id = COALESCE((SELECT preacher_id FROM sf_preacher WHERE lower(name) = lower(:preacher)),
					                              preacher_id),
					       series_id = COALESCE((SELECT series_id FROM sf_series WHERE lower(name) = lower(:series)), series_id),
					       updated_at = :now WHERE sermon_id = :id""")
			.param("title", title)
			.param("preacher", preacher)
			.param("preachedOn", preachedOn)
			.param("series", series)
			.param("now", now())
			.param("id", id)
			.update() == 1;
	}

	public boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM sf_sermon WHERE sermon_id = ?").param(id).update() == 1;
	}

	/** Replaces the sermon's transcript: a re-run writes the same rows again. */
	public void saveTranscript(String id, Transcript transcript) {
		saveTranscript(id, transcript, true);
	}

	/**
	 * Replaces the sermon's transcript; {@code approved} false (the review gate) keeps it
	 * from listeners until staff approve it.
	 */
	public void saveTranscript(String id, Transcript transcript, boolean approved) {
		this.jdbc.sql("DELETE FROM sf_transcript_segment WHERE sermon_id = ?").param(id).update();
		// captions rendered from the old transcript are cached until the sermon changes
		touch(id);
		this.jdbc.sql("""
				INSERT INTO sf_transcript (sermon_id, engine, language, created_at, approved_at, approved_by)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (sermon_id) DO UPDATE SET engine = EXCLUDED.engine, language = EXCLUDED.language,
				       created_at = EXCLUDED.created_at, version = sf_transcript.version + 1,
				       approved_at = EXCLUDED.approved_at, approved_by = EXCLUDED.approved_by""")
			.params(id, transcript.engine(), transcript.language(), now(), approved ? now() : null,
					approved ? "review off" : null)
			.update();
		insertSegments(id, transcript.segments());
	}

	private void insertSegments(String id, List<Transcript.Segment> segments) {
		int seq = 0;
		for (Transcript.Segment segment : segments) {
			this.jdbc.sql("""
					INSERT INTO sf_transcript_segment (sermon_id, seq, start_s, end_s, text, words, speaker)
					VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)""")
				.params(id, seq++, segment.start(), segment.end(), segment.text(),
						this.json.writeValueAsString(segment.words()), segment.speaker())
				.update();
		}
	}

	public Optional<Transcript> transcript(String id) {
		List<Transcript.Segment> segments = this.jdbc
			.sql("SELECT start_s, end_s, text, words::text AS words, speaker FROM sf_transcript_segment"
					+ " WHERE sermon_id = ? ORDER BY seq")
			.param(id)
			.query((rs, i) -> new Transcript.Segment(rs.getDouble("start_s"), rs.getDouble("end_s"),
					rs.getString("text"), this.json.readValue(rs.getString("words"), WORDS), rs.getString("speaker")))
			.list();
		return this.jdbc.sql("SELECT engine, language FROM sf_transcript WHERE sermon_id = ?")
			.param(id)
			.query((rs, i) -> new Transcript(rs.getString("engine"), rs.getString("language"), segments))
			.optional();
	}

	/** The transcript as listeners may see it: only once approved (or review is off). */
	public Optional<Transcript> publicTranscript(String id) {
		return transcriptApproved(id) ? transcript(id) : Optional.empty();
	}

	public boolean transcriptApproved(String id) {
		return this.jdbc.sql("SELECT approved_at IS NOT NULL FROM sf_transcript WHERE sermon_id = ?")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Approves the transcript as it stands; false when there is none or it was already.
	 */
	public boolean approveTranscript(String id, String approver) {
		boolean approved = this.jdbc.sql("""
				UPDATE sf_transcript SET approved_at = ?, approved_by = ?
				WHERE sermon_id = ? AND approved_at IS NULL""").params(now(), approver, id).update() == 1;
		if (approved) {
			touch(id);
		}
		return approved;
	}

	/** Sermons whose transcript waits for review, oldest first. */
	public List<Sermon> awaitingReview(int limit) {
		return this.jdbc.sql("""
				SELECT s.* FROM sf_sermon s JOIN sf_transcript t ON t.sermon_id = s.sermon_id
				WHERE t.approved_at IS NULL ORDER BY t.created_at LIMIT ?""").param(limit).query(this::map).list();
	}

	/** The transcript's version, which an edit must name; empty without a transcript. */
	public java.util.OptionalInt transcriptVersion(String id) {
		return this.jdbc.sql("SELECT version FROM sf_transcript WHERE sermon_id = ?")
			.param(id)
			.query(Integer.class)
			.optional()
			.map(java.util.OptionalInt::of)
			.orElse(java.util.OptionalInt.empty());
	}

	/**
	 * Writes edited segments (by position) as the transcript's next version, if it is
	 * still at {@code expected}; records who changed what. Returns the new version, or
	 * empty when another edit came first. Call inside a transaction.
	 */
	public java.util.OptionalInt saveEdit(String id, int expected, Map<Integer, Transcript.Segment> edited,
			String editor, String changesJson) {
		java.util.OptionalInt version = nextVersion(id, expected, editor, changesJson);
		if (version.isPresent()) {
			edited.forEach((seq, segment) -> this.jdbc.sql("""
					UPDATE sf_transcript_segment SET start_s = ?, end_s = ?, text = ?, words = ?::jsonb, speaker = ?
					WHERE sermon_id = ? AND seq = ?""")
				.params(segment.start(), segment.end(), segment.text(), this.json.writeValueAsString(segment.words()),
						segment.speaker(), id, seq)
				.update());
		}
		return version;
	}

	/**
	 * Writes a transcript whose lines were split or merged as its next version, if it is
	 * still at {@code expected}: every line is written again, since positions move. Call
	 * inside a transaction.
	 */
	public java.util.OptionalInt saveRestructured(String id, int expected, List<Transcript.Segment> segments,
			String editor, String changesJson) {
		java.util.OptionalInt version = nextVersion(id, expected, editor, changesJson);
		if (version.isPresent()) {
			this.jdbc.sql("DELETE FROM sf_transcript_segment WHERE sermon_id = ?").param(id).update();
			insertSegments(id, segments);
		}
		return version;
	}

	private java.util.OptionalInt nextVersion(String id, int expected, String editor, String changesJson) {
		Integer version = this.jdbc
			.sql("UPDATE sf_transcript SET version = version + 1 WHERE sermon_id = ? AND version = ? RETURNING version")
			.params(id, expected)
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (version == null) {
			return java.util.OptionalInt.empty();
		}
		this.jdbc.sql("""
				INSERT INTO sf_transcript_edit (sermon_id, version, edited_by, edited_at, changes)
				VALUES (?, ?, ?, ?, ?::jsonb)""").params(id, version, editor, now(), changesJson).update();
		// captions and feeds rendered from the old text are cached until the sermon
		// changes
		touch(id);
		return java.util.OptionalInt.of(version);
	}

	/** Why no scripture references were looked for (its language, say), or null. */
	public Optional<String> scriptureNote(String id) {
		return this.jdbc.sql("SELECT scripture_note FROM sf_sermon WHERE sermon_id = ?")
			.param(id)
			.query((rs, i) -> Optional.ofNullable(rs.getString(1)))
			.optional()
			.flatMap((note) -> note);
	}

	public void setScriptureNote(String id, String note) {
		this.jdbc.sql("UPDATE sf_sermon SET scripture_note = ? WHERE sermon_id = ?").params(note, id).update();
	}

	/**
	 * Marks the sermon changed, so what is rendered from it (captions, feeds, chapters)
	 * is rendered again.
	 */
	public void touch(String id) {
		this.jdbc.sql("UPDATE sf_sermon SET updated_at = ? WHERE sermon_id = ?").params(now(), id).update();
	}

	/** The transcript's edits, newest first: version, who, when and what. */
	public List<Map<String, Object>> transcriptEdits(String id) {
		return this.jdbc.sql("""
				SELECT version, edited_by, edited_at, changes::text AS changes FROM sf_transcript_edit
				WHERE sermon_id = ? ORDER BY version DESC""").param(id).query((rs, i) -> {
			Map<String, Object> edit = new java.util.LinkedHashMap<>();
			edit.put("version", rs.getInt("version"));
			edit.put("editedBy", rs.getString("edited_by"));
			edit.put("editedAt", rs.getTimestamp("edited_at").toInstant());
			edit.put("changes", this.json.readTree(rs.getString("changes")));
			return edit;
		}).list();
	}

	/**
	 * The vectors of a sermon's stored chunks by their text, for one model: a chunk whose
	 * text is unchanged keeps its vector.
	 */
	public Map<String, float[]> vectorsByText(String id, String model) {
		Map<String, float[]> vectors = new HashMap<>();
		this.jdbc.sql("SELECT text, embedding FROM sf_chunk WHERE sermon_id = ? AND model = ?")
			.params(id, model)
			.query((rs, i) -> vectors.put(rs.getString("text"), vector(rs)))
			.list();
		return vectors;
	}

	/** Stores a batch of embedded chunks; a chunk written again replaces itself. */
	public void saveChunks(String id, List<EmbeddedChunk> chunks, String model) {
		for (EmbeddedChunk chunk : chunks) {
			this.jdbc.sql("""
					INSERT INTO sf_chunk (sermon_id, seq, start_s, end_s, text, model, embedding)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (sermon_id, seq) DO UPDATE SET start_s = EXCLUDED.start_s, end_s = EXCLUDED.end_s,
					       text = EXCLUDED.text, model = EXCLUDED.model, embedding = EXCLUDED.embedding""")
				.params(id, chunk.chunk().seq(), chunk.chunk().start(), chunk.chunk().end(), chunk.chunk().text(),
						model, chunk.vector())
				.update();
		}
	}

	/** Chunks past the transcript's end (from an earlier, longer transcript) go. */
	public void trimChunks(String id, int count) {
		this.jdbc.sql("DELETE FROM sf_chunk WHERE sermon_id = ? AND seq >= ?").params(id, count).update();
	}

	public List<EmbeddedChunk> chunks(String id) {
		return this.jdbc
			.sql("SELECT seq, start_s, end_s, text, embedding FROM sf_chunk WHERE sermon_id = ? ORDER BY seq")
			.param(id)
			.query((rs,
					i) -> new EmbeddedChunk(new TranscriptChunk(rs.getInt("seq"), rs.getDouble("start_s"),
							rs.getDouble("end_s"), rs.getString("text")), vector(rs)))
			.list();
	}

	/**
	 * A page of the chunks of sermons processed before {@code before} (published or not:
	 * one taken down and put back must still be found), in (sermon, seq) order after the
	 * given key: a stable order for a re-embedding to resume in.
	 */
	public List<ReembedItem> processedChunks(Instant before, String afterSermon, int afterSeq, int limit) {
		return this.jdbc.sql("""
				SELECT c.sermon_id, c.seq, c.start_s, c.end_s, c.text, s.title FROM sf_chunk c
				JOIN sf_sermon s ON s.sermon_id = c.sermon_id
				JOIN sf_transcript t ON t.sermon_id = c.sermon_id AND t.approved_at IS NOT NULL
				WHERE s.status IN ('SCHEDULED', 'PUBLISHED', 'UNPUBLISHED') AND s.ready_at < :before
				  AND (c.sermon_id, c.seq) > (:sermon, :seq)
				ORDER BY c.sermon_id, c.seq LIMIT :limit""")
			.param("before", Timestamp.from(before))
			.param("sermon", afterSermon)
			.param("seq", afterSeq)
			.param("limit", limit)
			.query((rs, i) -> new ReembedItem(rs.getString("sermon_id"), rs.getString("title"),
					new TranscriptChunk(rs.getInt("seq"), rs.getDouble("start_s"), rs.getDouble("end_s"),
							rs.getString("text"))))
			.list();
	}

	public long countProcessedChunks(Instant before) {
		return this.jdbc.sql("""
				SELECT count(*) FROM sf_chunk c JOIN sf_sermon s ON s.sermon_id = c.sermon_id
				JOIN sf_transcript t ON t.sermon_id = c.sermon_id AND t.approved_at IS NOT NULL
				WHERE s.status IN ('SCHEDULED', 'PUBLISHED', 'UNPUBLISHED') AND s.ready_at < ?""")
			.param(Timestamp.from(before))
			.query(Long.class)
			.single();
	}

	/**
	 * Sermons processed at or after {@code since}: indexed into the old index meanwhile.
	 */
	public List<String> processedSince(Instant since) {
		return this.jdbc.sql("""
				SELECT sermon_id FROM sf_sermon
				WHERE status IN ('SCHEDULED', 'PUBLISHED', 'UNPUBLISHED') AND ready_at >= ?""")
			.param(Timestamp.from(since))
			.query(String.class)
			.list();
	}

	/** One chunk to re-embed, with its sermon. */
	public record ReembedItem(String sermonId, String title, TranscriptChunk chunk) {
	}

	private static float[] vector(ResultSet rs) throws SQLException {
		java.sql.Array array = rs.getArray("embedding");
		if (array == null) {
			return null;
		}
		Object[] values = (Object[]) array.getArray();
		float[] vector = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			vector[i] = ((Number) values[i]).floatValue();
		}
		return vector;
	}

	private Sermon map(ResultSet rs, int row) throws SQLException {
		return new Sermon(rs.getString("sermon_id"), rs.getString("title"), rs.getString("preacher"),
				rs.getObject("preached_on", java.time.LocalDate.class), rs.getString("series"),
				rs.getString("language"), rs.getString("church_id"), Sermon.Status.valueOf(rs.getString("status")),
				rs.getString("error"), rs.getString("media_folder"), rs.getString("original_key"),
				rs.getString("original_name"), rs.getString("source_url"), (Double) rs.getObject("duration_seconds"),
				rs.getString("metadata"), rs.getString("renditions"), rs.getString("event_id"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "published_at"),
				instant(rs, "publish_at"), instant(rs, "ready_at"), rs.getString("series_id"),
				rs.getString("preacher_id"), rs.getString("description"),
				Sermon.TranscriptState.valueOf(rs.getString("transcript_state")), rs.getString("transcript_error"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	static List<Transcript.Segment> copy(List<Transcript.Segment> segments) {
		return new ArrayList<>(segments);
	}

}
