package io.sermonflow.scripture;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The text of the World English Bible (public domain) by passage, as loaded by
 * {@link WebBibleLoader}: what a listener reads beside a passage the sermon cites.
 */
@Component
public class BibleText {

	/** The most verses shown for one passage; a longer one ends with an ellipsis. */
	static final int MAX_VERSES = 6;

	/**
	 * Below this many verses the text counts as not loaded (the Protestant canon has
	 * about 31,100).
	 */
	static final int LOADED = 30_000;

	private final JdbcClient jdbc;

	BibleText(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The passage's verses, each after its number; empty for a whole chapter (too long to
	 * show beside a moment) or when the text is not loaded.
	 */
	public Optional<String> of(Passage passage) {
		if (passage.verse() == null) {
			return Optional.empty();
		}
		int last = (passage.endVerse() != null) ? passage.endVerse() : passage.verse();
		List<String> verses = this.jdbc.sql("""
				SELECT verse || ' ' || text FROM sf_bible_verse
				WHERE book = ? AND chapter = ? AND verse BETWEEN ? AND ? ORDER BY verse LIMIT ?""")
			.params(passage.book().osis, passage.chapter(), passage.verse(), last, MAX_VERSES + 1)
			.query(String.class)
			.list();
		if (verses.isEmpty()) {
			return Optional.empty();
		}
		String text = String.join(" ", verses.subList(0, Math.min(MAX_VERSES, verses.size())));
		// one verse shows without its number
		if (verses.size() == 1) {
			text = text.substring(text.indexOf(' ') + 1);
		}
		return Optional.of((verses.size() > MAX_VERSES) ? text + " …" : text);
	}

	/** Every verse, in canonical order. */
	List<Verse> all() {
		return this.jdbc.sql("SELECT book, chapter, verse, text FROM sf_bible_verse")
			.query((rs, i) -> new Verse(Book.ofOsis(rs.getString(1)).orElseThrow(), rs.getInt(2), rs.getInt(3),
					rs.getString(4)))
			.list()
			.stream()
			.sorted(java.util.Comparator.comparing(Verse::book)
				.thenComparing(Verse::chapter)
				.thenComparing(Verse::verse))
			.toList();
	}

	int count() {
		return this.jdbc.sql("SELECT count(*) FROM sf_bible_verse").query(Integer.class).single();
	}

	/** Adds verses; ones already there stay as they are (any node may load). */
	@Transactional
	void add(List<Verse> verses) {
		for (int i = 0; i < verses.size(); i += 1000) {
			List<Verse> batch = verses.subList(i, Math.min(verses.size(), i + 1000));
			StringBuilder sql = new StringBuilder("INSERT INTO sf_bible_verse (book, chapter, verse, text) VALUES ");
			Object[] params = new Object[batch.size() * 4];
			for (int v = 0; v < batch.size(); v++) {
				sql.append((v > 0) ? ", " : "").append("(?, ?, ?, ?)");
				Verse verse = batch.get(v);
				params[v * 4] = verse.book().osis;
				params[v * 4 + 1] = verse.chapter();
				params[v * 4 + 2] = verse.verse();
				params[v * 4 + 3] = verse.text();
			}
			this.jdbc.sql(sql.append(" ON CONFLICT DO NOTHING").toString()).params(params).update();
		}
	}

	/** One verse's text. */
	record Verse(Book book, int chapter, int verse, String text) {
	}

}
