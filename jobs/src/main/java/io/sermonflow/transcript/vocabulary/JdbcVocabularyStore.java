package io.sermonflow.transcript.vocabulary;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The words staff added: {@code sf_vocabulary_word}. */
@Component
class JdbcVocabularyStore {

	private final JdbcClient jdbc;

	JdbcVocabularyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Vocabulary.Word> all() {
		return this.jdbc
			.sql("SELECT word, pronunciation, source, added_by, added_at FROM sf_vocabulary_word ORDER BY word")
			.query((rs, i) -> new Vocabulary.Word(rs.getString(1), rs.getString(2),
					Vocabulary.Source.valueOf(rs.getString(3)), rs.getString(4), rs.getTimestamp(5).toInstant()))
			.list();
	}

	int count() {
		return this.jdbc.sql("SELECT count(*) FROM sf_vocabulary_word").query(Integer.class).single();
	}

	/** Adds the word; one already there keeps its first entry. */
	void add(Vocabulary.Word word) {
		this.jdbc
			.sql("INSERT INTO sf_vocabulary_word (word, pronunciation, source, added_by, added_at)"
					+ " VALUES (?, ?, ?, ?, ?) ON CONFLICT (word) DO NOTHING")
			.params(word.word(), word.pronunciation(), word.source().name(), word.addedBy(),
					Timestamp.from(word.addedAt()))
			.update();
	}

	boolean remove(String word) {
		return this.jdbc.sql("DELETE FROM sf_vocabulary_word WHERE word = ?").params(word).update() > 0;
	}

}
