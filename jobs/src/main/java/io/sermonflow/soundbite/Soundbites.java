package io.sermonflow.soundbite;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.text.XmlText;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Soundbites: marked by staff, checked against the audio, kept in PostgreSQL, listed in
 * time order. A sermon holds at most {@value #MAX_PER_SERMON}.
 */
@Service
public class Soundbites {

	static final int MAX_PER_SERMON = 50;

	private final JdbcClient jdbc;

	private final JdbcSermonStore sermons;

	private final Clock clock;

	Soundbites(JdbcClient jdbc, JdbcSermonStore sermons, Clock clock) {
		this.jdbc = jdbc;
		this.sermons = sermons;
		this.clock = clock;
	}

	public List<Soundbite> of(String sermonId) {
		return this.jdbc.sql("SELECT * FROM sf_soundbite WHERE sermon_id = ? ORDER BY start_s, created_at")
			.param(sermonId)
			.query((rs, i) -> new Soundbite(rs.getString("soundbite_id"), rs.getString("sermon_id"),
					rs.getDouble("start_s"), rs.getDouble("duration_s"), rs.getString("title"),
					rs.getString("created_by"), rs.getTimestamp("created_at").toInstant()))
			.list();
	}

	/**
	 * Marks a clip of {@value Soundbite#MIN_SECONDS} to {@value Soundbite#MAX_SECONDS} s
	 * inside the audio.
	 * @throws IllegalArgumentException naming the field at fault
	 */
	@Transactional
	public Soundbite add(String sermonId, Double start, Double duration, String title, String by) {
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		if (start == null || !Double.isFinite(start) || start < 0) {
			throw new IllegalArgumentException("Field \"start\" must be seconds from the start, 0 or more");
		}
		if (duration == null || !Double.isFinite(duration) || duration < Soundbite.MIN_SECONDS
				|| duration > Soundbite.MAX_SECONDS) {
			throw new IllegalArgumentException(String.format("Field \"duration\" must be %.0f to %.0f seconds",
					Soundbite.MIN_SECONDS, Soundbite.MAX_SECONDS));
		}
		if (sermon.durationSeconds() == null) {
			throw new IllegalArgumentException(
					"Sermon " + sermonId + " has not been probed yet: its length is unknown");
		}
		if (start + duration > sermon.durationSeconds() + 0.5) {
			throw new IllegalArgumentException(
					String.format("The clip ends at %.1f s, past the end of the audio (%.1f s)", start + duration,
							sermon.durationSeconds()));
		}
		String name = (title != null) ? title.strip().replaceAll("\\s+", " ") : "";
		if (name.isEmpty() || name.length() > Soundbite.MAX_TITLE) {
			throw new IllegalArgumentException("Field \"title\" must hold 1 to " + Soundbite.MAX_TITLE + " characters");
		}
		int forbidden = XmlText.firstForbidden(name);
		if (forbidden >= 0) {
			throw new IllegalArgumentException(
					String.format("Field \"title\" holds a control character (U+%04X) that feeds cannot carry",
							(int) name.charAt(forbidden)));
		}
		int count = this.jdbc.sql("SELECT count(*) FROM sf_soundbite WHERE sermon_id = ?")
			.param(sermonId)
			.query(Integer.class)
			.single();
		if (count >= MAX_PER_SERMON) {
			throw new IllegalArgumentException(
					"Sermon " + sermonId + " has " + MAX_PER_SERMON + " soundbites already; delete one first");
		}
		Soundbite soundbite = new Soundbite(UUID.randomUUID().toString(), sermonId, start, duration, name, by,
				Instant.now(this.clock));
		this.jdbc.sql("""
				INSERT INTO sf_soundbite (soundbite_id, sermon_id, start_s, duration_s, title, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(soundbite.id(), sermonId, start, duration, name, by, java.sql.Timestamp.from(soundbite.createdAt()))
			.update();
		this.sermons.touch(sermonId);
		return soundbite;
	}

	/** False when there was no such soundbite of that sermon. */
	@Transactional
	public boolean delete(String sermonId, String soundbiteId) {
		boolean deleted = this.jdbc.sql("DELETE FROM sf_soundbite WHERE sermon_id = ? AND soundbite_id = ?")
			.params(sermonId, soundbiteId)
			.update() == 1;
		if (deleted) {
			this.sermons.touch(sermonId);
		}
		return deleted;
	}

}
