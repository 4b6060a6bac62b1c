package io.sermonflow.sermon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.scripture.JdbcScriptureStore;
import io.sermonflow.scripture.Passage;
import io.sermonflow.scripture.QuotedPassages;
import io.sermonflow.scripture.Quotes;
import io.sermonflow.scripture.ReferenceParser;
import io.sermonflow.scripture.ScriptureRef;
import io.sermonflow.transcript.Transcript;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scripture a sermon cites: found in its transcript by {@code find_scripture} (in
 * {@code sermon-ingest} and again after an edit in {@code sermon-refresh}), then
 * confirmed, removed or added by staff, whose decisions a later search keeps. Found
 * references come from the transcript, so under the review gate they are public only with
 * it. Only English sermons are searched: elsewhere the book names and numbers differ, and
 * a wrong guess is worse than none.
 */
@Service
public class SermonScripture {

	private final JdbcSermonStore sermons;

	private final JdbcScriptureStore references;

	private final TransactionTemplate transactions;

	private final QuotedPassages quoted;

	SermonScripture(JdbcSermonStore sermons, JdbcScriptureStore references, TransactionTemplate transactions,
			QuotedPassages quoted) {
		this.quoted = quoted;
		this.sermons = sermons;
		this.references = references;
		this.transactions = transactions;
	}

	/** The task: the passages the transcript cites, each at the moment it is named. */
	public Map<String, Object> findScripture(TaskContext context) {
		String sermonId = SermonTasks.sermonId(context);
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		if (sermon.language() != null && !sermon.language().toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
			String note = "not searched: the sermon is in \"" + sermon.language()
					+ "\", and references are found in English only";
			this.sermons.setScriptureNote(sermonId, note);
			return Map.of("cited", 0, "note", note);
		}
		Transcript transcript = this.sermons.transcript(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("Sermon " + sermonId + " has no transcript"));
		List<ScriptureRef> cited = cited(sermonId, transcript);
		Optional<List<Quotes.Quoted>> quotes = this.quoted.find(words(transcript));
		List<ScriptureRef> found = new ArrayList<>(cited);
		quotes.orElse(List.of())
			.forEach((quote) -> found.add(new ScriptureRef(JdbcScriptureStore.newId(), sermonId, quote.passage(),
					quote.at(), ScriptureRef.Kind.QUOTED, ScriptureRef.Status.FOUND, null)));
		this.transactions.executeWithoutResult((status) -> {
			this.references.replaceFound(sermonId, found);
			this.sermons.setScriptureNote(sermonId, null);
			this.sermons.touch(sermonId);
		});
		context.log("found " + cited.size() + " cited passages and " + quotes.map((q) -> q.size() + " quoted")
			.orElse("no quoted ones (the verse index is still being built)"));
		Map<String, Object> result = new java.util.LinkedHashMap<>();
		result.put("cited", cited.size());
		result.put("quoted", quotes.map(List::size).orElse(null));
		result.put("passages", found.stream().map((ref) -> ref.passage().osis()).distinct().limit(50).toList());
		return result;
	}

	/** The transcript's words with their times (a segment without words: its start). */
	static List<Quotes.Word> words(Transcript transcript) {
		List<Quotes.Word> words = new ArrayList<>();
		for (Transcript.Segment segment : transcript.segments()) {
			if (segment.words().isEmpty()) {
				for (String word : segment.text().split("\\s+")) {
					if (!word.isBlank()) {
						words.add(new Quotes.Word(word, segment.start()));
					}
				}
			}
			for (Transcript.Word word : segment.words()) {
				words.add(new Quotes.Word(word.word(), word.start()));
			}
		}
		return words;
	}

	/** Every reference in the transcript, at the time of the word it starts with. */
	static List<ScriptureRef> cited(String sermonId, Transcript transcript) {
		List<String> tokens = new ArrayList<>();
		List<Double> times = new ArrayList<>();
		for (Transcript.Segment segment : transcript.segments()) {
			if (segment.words().isEmpty()) {
				for (String token : ReferenceParser.tokens(segment.text())) {
					tokens.add(token);
					times.add(segment.start());
				}
				continue;
			}
			for (Transcript.Word word : segment.words()) {
				for (String token : ReferenceParser.token(word.word())) {
					tokens.add(token);
					times.add(word.start());
				}
			}
		}
		return ReferenceParser.find(tokens)
			.stream()
			.map((found) -> new ScriptureRef(JdbcScriptureStore.newId(), sermonId, found.passage(),
					times.get(found.token()), ScriptureRef.Kind.CITED, ScriptureRef.Status.FOUND, null))
			.toList();
	}

	/** Every reference, removed ones included, as staff see them. */
	public List<ScriptureRef> all(String sermonId) {
		return this.references.of(sermonId);
	}

	/**
	 * What listeners see: not removed, and found ones only with a public transcript.
	 */
	public List<ScriptureRef> publicReferences(String sermonId) {
		boolean transcriptPublic = this.sermons.transcriptApproved(sermonId);
		return this.references.of(sermonId)
			.stream()
			.filter((ref) -> ref.status() != ScriptureRef.Status.REMOVED)
			.filter((ref) -> transcriptPublic || ref.changedBy() != null)
			.toList();
	}

	/**
	 * Adds a passage staff name, at {@code at} seconds (0 when not given).
	 * @throws IllegalArgumentException naming an unknown or malformed reference
	 */
	public ScriptureRef add(String sermonId, String reference, Double at, String by) {
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		Passage passage = Passage.parse(reference);
		double moment = (at != null) ? at : 0;
		if (!Double.isFinite(moment) || moment < 0
				|| (sermon.durationSeconds() != null && moment > sermon.durationSeconds())) {
			throw new IllegalArgumentException("Field \"at\" must be a moment inside the audio, in seconds");
		}
		ScriptureRef ref = new ScriptureRef(JdbcScriptureStore.newId(), sermonId, passage, moment,
				ScriptureRef.Kind.CITED, ScriptureRef.Status.CONFIRMED, by);
		this.transactions.executeWithoutResult((status) -> {
			this.references.insert(ref);
			this.sermons.touch(sermonId);
		});
		return ref;
	}

	/** Confirms or removes a reference; false when the sermon has no such reference. */
	public boolean decide(String sermonId, String refId, ScriptureRef.Status status, String by) {
		Boolean changed = this.transactions.execute((tx) -> {
			boolean done = this.references.setStatus(sermonId, refId, status, by);
			if (done) {
				this.sermons.touch(sermonId);
			}
			return done;
		});
		return Boolean.TRUE.equals(changed);
	}

	/**
	 * The passage the sermon dwells on: the one cited most (a chapter counting its
	 * verses), earliest first among equals.
	 */
	public Optional<Passage> mainPassage(String sermonId) {
		List<ScriptureRef> refs = publicReferences(sermonId);
		Map<String, Long> counts = new java.util.HashMap<>();
		for (ScriptureRef ref : refs) {
			counts.merge(ref.passage().book().osis + "." + ref.passage().chapter(), 1L, Long::sum);
		}
		return refs.stream()
			.max(java.util.Comparator
				.comparingLong(
						(ScriptureRef ref) -> counts.get(ref.passage().book().osis + "." + ref.passage().chapter()))
				.thenComparing((ScriptureRef ref) -> -ref.at()))
			.map(ScriptureRef::passage);
	}

	/** How many published sermons cite each book, by OSIS name. */
	public java.util.Map<String, Integer> publishedSermonsByBook() {
		return this.references.publishedSermonsByBook();
	}

	/** Sermons citing a passage within {@code osis} (a book, chapter or verse). */
	public java.util.Set<String> sermonsCiting(String osis) {
		return this.references.sermonsCiting(osis);
	}

}
