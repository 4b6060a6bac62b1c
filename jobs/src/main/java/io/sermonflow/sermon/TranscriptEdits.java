package io.sermonflow.sermon;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;

import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.text.XmlText;
import io.sermonflow.transcript.Transcript;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff corrections to a transcript, segment by segment. An edit names the version it was
 * made on; a stale one changes nothing ({@link StaleTranscriptException}). The edit, the
 * record of who changed what, and the {@code sermon/transcript.edited} event that starts
 * {@code sermon-refresh} (which re-derives only what the edit touched) commit together.
 */
@Service
public class TranscriptEdits {

	public static final String EDITED = "sermon/transcript.edited";

	/**
	 * {@code SERMONFLOW_TRANSCRIPT_REVIEW}: {@code off} (a transcript is public once
	 * made) or {@code required} (once staff approve it).
	 */
	public static boolean reviewRequired(String setting) {
		String value = (setting == null) ? "off" : setting.strip().toLowerCase(java.util.Locale.ROOT);
		if (!value.equals("off") && !value.equals("required")) {
			throw new IllegalStateException(
					"SERMONFLOW_TRANSCRIPT_REVIEW must be \"off\" or \"required\", not \"" + setting + "\"");
		}
		return value.equals("required");
	}

	static final int MAX_TEXT = 2000;

	static final int MAX_SPEAKER = 80;

	/** How far a segment may run past the decoded audio (rounding of timestamps). */
	static final double END_SLACK_SECONDS = 0.5;

	private final JdbcSermonStore sermons;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	TranscriptEdits(JdbcSermonStore sermons, Outbox outbox, TransactionTemplate transactions, JsonMapper json,
			Clock clock) {
		this.sermons = sermons;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Applies {@code edits} to the transcript at {@code version}.
	 * @throws IllegalArgumentException naming the segment and field at fault
	 * @throws StaleTranscriptException when the transcript is no longer at
	 * {@code version}
	 */
	public Edited edit(String sermonId, int version, List<SegmentEdit> edits, String editor) {
		Sermon sermon = this.sermons.find(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		Transcript transcript = transcript(sermonId, version);
		if (edits == null || edits.isEmpty()) {
			throw new IllegalArgumentException("Field \"segments\" must list at least one changed segment");
		}
		List<Transcript.Segment> segments = transcript.segments();
		Map<Integer, Transcript.Segment> changed = new TreeMap<>();
		List<Map<String, Object>> changes = new ArrayList<>();
		for (int k = 0; k < edits.size(); k++) {
			SegmentEdit edit = edits.get(k);
			String at = "segments[" + k + "]";
			if (edit.index() == null || edit.index() < 0 || edit.index() >= segments.size()) {
				throw new IllegalArgumentException(
						"Field \"" + at + ".index\" must name a segment from 0 to " + (segments.size() - 1));
			}
			if (changed.containsKey(edit.index())) {
				throw new IllegalArgumentException("Segment " + edit.index() + " is changed twice in one edit");
			}
			Transcript.Segment before = segments.get(edit.index());
			Transcript.Segment after = apply(before, edit, at);
			changed.put(edit.index(), after);
			changes.add(change(edit.index(), before, after));
		}
		checkTimes(segments, changed, sermon.durationSeconds());
		String changesJson = this.json.writeValueAsString(changes);
		return save(sermonId, version, changed.size(),
				() -> this.sermons.saveEdit(sermonId, version, changed, editor, changesJson));
	}

	/**
	 * Splits line {@code index} before its word {@code word} (counted from 0; the first
	 * part keeps words 0 to {@code word - 1}); both parts keep the speaker. The cut falls
	 * between the two words' times.
	 */
	public Edited split(String sermonId, int version, int index, int word, String editor) {
		List<Transcript.Segment> segments = new ArrayList<>(transcript(sermonId, version).segments());
		Transcript.Segment line = line(segments, index);
		List<Transcript.Word> words = line.words();
		if (words.size() < 2) {
			throw new IllegalArgumentException("Line " + index + " has one word: there is nothing to split");
		}
		if (word < 1 || word >= words.size()) {
			throw new IllegalArgumentException("Field \"word\" must be from 1 to " + (words.size() - 1)
					+ ": the word the second line starts with");
		}
		String[] tokens = line.text().split(" ");
		String firstText;
		String secondText;
		if (tokens.length == words.size()) {
			firstText = String.join(" ", java.util.Arrays.copyOfRange(tokens, 0, word));
			secondText = String.join(" ", java.util.Arrays.copyOfRange(tokens, word, tokens.length));
		}
		else {
			// the text was written apart from the engine's words: cut it by them
			firstText = String.join(" ", words.subList(0, word).stream().map(Transcript.Word::word).toList());
			secondText = String.join(" ",
					words.subList(word, words.size()).stream().map(Transcript.Word::word).toList());
		}
		double cut = words.get(word).start();
		double firstEnd = Math.max(line.start(), Math.min(words.get(word - 1).end(), cut));
		Transcript.Segment first = new Transcript.Segment(line.start(), Math.max(firstEnd, line.start() + 0.01),
				firstText, words.subList(0, word), line.speaker());
		Transcript.Segment second = new Transcript.Segment(Math.max(cut, first.end()), line.end(), secondText,
				words.subList(word, words.size()), line.speaker());
		segments.set(index, first);
		segments.add(index + 1, second);
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("op", "split");
		change.put("index", index);
		change.put("word", word);
		change.put("before", line(line));
		change.put("after", List.of(line(first), line(second)));
		return saveRestructured(sermonId, version, segments, change, editor);
	}

	/**
	 * Merges line {@code index} with the line after it; the merged line keeps the first
	 * one's speaker, or the second's when the first has none.
	 */
	public Edited merge(String sermonId, int version, int index, String editor) {
		List<Transcript.Segment> segments = new ArrayList<>(transcript(sermonId, version).segments());
		Transcript.Segment first = line(segments, index);
		if (index + 1 >= segments.size()) {
			throw new IllegalArgumentException("Line " + index + " is the last line: there is no next line to merge");
		}
		Transcript.Segment second = segments.get(index + 1);
		String text = first.text() + " " + second.text();
		if (text.length() > MAX_TEXT) {
			throw new IllegalArgumentException("Lines " + index + " and " + (index + 1) + " together hold "
					+ text.length() + " characters, more than a line's " + MAX_TEXT);
		}
		List<Transcript.Word> words = new ArrayList<>(first.words());
		words.addAll(second.words());
		Transcript.Segment merged = new Transcript.Segment(first.start(), second.end(), text, words,
				(first.speaker() != null) ? first.speaker() : second.speaker());
		segments.set(index, merged);
		segments.remove(index + 1);
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("op", "merge");
		change.put("index", index);
		change.put("before", List.of(line(first), line(second)));
		change.put("after", line(merged));
		return saveRestructured(sermonId, version, segments, change, editor);
	}

	/**
	 * The transcript an edit made at {@code version} applies to: positions in a newer one
	 * mean other lines, so a stale edit is refused before it is checked (the save checks
	 * again, atomically).
	 */
	private Transcript transcript(String sermonId, int version) {
		this.sermons.find(sermonId).orElseThrow(() -> new IllegalArgumentException("There is no sermon " + sermonId));
		Transcript transcript = this.sermons.transcript(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("Sermon " + sermonId + " has no transcript yet"));
		int current = this.sermons.transcriptVersion(sermonId).orElse(version);
		if (current != version) {
			throw new StaleTranscriptException(sermonId, version, current);
		}
		return transcript;
	}

	private static Transcript.Segment line(List<Transcript.Segment> segments, int index) {
		if (index < 0 || index >= segments.size()) {
			throw new IllegalArgumentException("Field \"index\" must name a line from 0 to " + (segments.size() - 1));
		}
		return segments.get(index);
	}

	private Edited saveRestructured(String sermonId, int version, List<Transcript.Segment> segments,
			Map<String, Object> change, String editor) {
		String changesJson = this.json.writeValueAsString(List.of(change));
		return save(sermonId, version, 2,
				() -> this.sermons.saveRestructured(sermonId, version, segments, editor, changesJson));
	}

	/**
	 * Writes the next version (empty from {@code write} when the transcript moved on) and
	 * the event that starts its refresh, in one transaction.
	 */
	private Edited save(String sermonId, int version, int lines, java.util.function.Supplier<OptionalInt> write) {
		OptionalInt saved = this.transactions.execute((status) -> {
			OptionalInt next = write.get();
			if (next.isPresent()) {
				this.outbox.add(refreshEvent(sermonId, next.getAsInt(), false), this.clock.instant(), null);
			}
			return next;
		});
		if (saved == null || saved.isEmpty()) {
			throw new StaleTranscriptException(sermonId, version,
					this.sermons.transcriptVersion(sermonId).orElse(version));
		}
		return new Edited(saved.getAsInt(), lines);
	}

	/**
	 * Approves the transcript as it stands (the review gate): it becomes public, and a
	 * {@code sermon-refresh} indexes all of it. False when it was approved already.
	 * @throws IllegalArgumentException when the sermon has no transcript yet
	 */
	public boolean approve(String sermonId, String approver) {
		int version = this.sermons.transcriptVersion(sermonId)
			.orElseThrow(() -> new IllegalArgumentException("Sermon " + sermonId + " has no transcript yet"));
		Boolean approved = this.transactions.execute((status) -> {
			boolean now = this.sermons.approveTranscript(sermonId, approver);
			if (now) {
				this.outbox.add(refreshEvent(sermonId, version, true), this.clock.instant(), null);
			}
			return now;
		});
		return Boolean.TRUE.equals(approved);
	}

	private static Event refreshEvent(String sermonId, int version, boolean approved) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("sermonId", sermonId);
		data.put("version", version);
		if (approved) {
			// everything goes into the index, not only what changed
			data.put("approved", true);
		}
		return new Event(EDITED, "transcript-" + sermonId + "-v" + version + "-" + UUID.randomUUID(), data);
	}

	private static Transcript.Segment apply(Transcript.Segment before, SegmentEdit edit, String at) {
		double start = (edit.start() != null) ? edit.start() : before.start();
		double end = (edit.end() != null) ? edit.end() : before.end();
		if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end <= start) {
			throw new IllegalArgumentException(
					"Segment " + edit.index() + " (" + at + ") must start at 0 s or later and end after it starts");
		}
		String text = before.text();
		List<Transcript.Word> words = before.words();
		if (edit.text() != null) {
			text = edit.text().strip().replaceAll("\\s+", " ");
			if (text.isEmpty() || text.length() > MAX_TEXT) {
				throw new IllegalArgumentException(
						"Field \"" + at + ".text\" must hold 1 to " + MAX_TEXT + " characters");
			}
			refuseControlCharacters(text, at + ".text");
		}
		String speaker = before.speaker();
		if (edit.speaker() != null) {
			speaker = edit.speaker().strip().replaceAll("\\s+", " ");
			if (speaker.length() > MAX_SPEAKER) {
				throw new IllegalArgumentException(
						"Field \"" + at + ".speaker\" must hold at most " + MAX_SPEAKER + " characters");
			}
			refuseControlCharacters(speaker, at + ".speaker");
			speaker = speaker.isEmpty() ? null : speaker;
		}
		if (edit.text() != null || edit.start() != null || edit.end() != null) {
			// the words' own times are the engine's: edited text gets evenly spread ones,
			// so
			// captions still cut long segments at word boundaries
			words = (edit.text() != null || !timesFit(words, start, end)) ? spread(text, start, end) : words;
		}
		return new Transcript.Segment(start, end, text, words, speaker);
	}

	private static void refuseControlCharacters(String value, String field) {
		int forbidden = XmlText.firstForbidden(value);
		if (forbidden >= 0) {
			throw new IllegalArgumentException(String.format(
					"Field \"%s\" holds a control character (U+%04X) that captions and feeds cannot carry", field,
					(int) value.charAt(forbidden)));
		}
	}

	private static boolean timesFit(List<Transcript.Word> words, double start, double end) {
		return words.stream().allMatch((word) -> word.start() >= start && word.end() <= end);
	}

	static List<Transcript.Word> spread(String text, double start, double end) {
		String[] tokens = text.split(" ");
		double each = (end - start) / tokens.length;
		List<Transcript.Word> words = new ArrayList<>();
		for (int i = 0; i < tokens.length; i++) {
			words.add(new Transcript.Word(tokens[i], start + i * each, start + (i + 1) * each, 1.0));
		}
		return words;
	}

	/**
	 * Edited times must not overlap their neighbours (as they now stand) or pass the end.
	 */
	private static void checkTimes(List<Transcript.Segment> segments, Map<Integer, Transcript.Segment> changed,
			Double duration) {
		for (Map.Entry<Integer, Transcript.Segment> entry : changed.entrySet()) {
			int i = entry.getKey();
			Transcript.Segment segment = entry.getValue();
			Transcript.Segment before = segments.get(i);
			if (segment.start() == before.start() && segment.end() == before.end()) {
				continue;
			}
			if (duration != null && segment.end() > duration + END_SLACK_SECONDS) {
				throw new IllegalArgumentException(String.format(
						"Segment %d ends at %.2f s, past the end of the audio (%.2f s)", i, segment.end(), duration));
			}
			if (i > 0) {
				Transcript.Segment previous = changed.getOrDefault(i - 1, segments.get(i - 1));
				if (segment.start() < previous.end()) {
					throw new IllegalArgumentException(
							String.format("Segment %d starts at %.2f s, before segment %d ends (%.2f s)", i,
									segment.start(), i - 1, previous.end()));
				}
			}
			if (i + 1 < segments.size()) {
				Transcript.Segment next = changed.getOrDefault(i + 1, segments.get(i + 1));
				if (segment.end() > next.start()) {
					throw new IllegalArgumentException(
							String.format("Segment %d ends at %.2f s, after segment %d starts (%.2f s)", i,
									segment.end(), i + 1, next.start()));
				}
			}
		}
	}

	private static Map<String, Object> change(int index, Transcript.Segment before, Transcript.Segment after) {
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("index", index);
		change.put("before", line(before));
		change.put("after", line(after));
		return change;
	}

	private static Map<String, Object> line(Transcript.Segment segment) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("start", segment.start());
		line.put("end", segment.end());
		line.put("text", segment.text());
		if (segment.speaker() != null) {
			line.put("speaker", segment.speaker());
		}
		return line;
	}

	/**
	 * One segment's change: its position, and whichever of text, start, end and speaker
	 * change (an empty speaker clears it).
	 */
	public record SegmentEdit(Integer index, String text, Double start, Double end, String speaker) {

		public SegmentEdit(Integer index, String text, Double start, Double end) {
			this(index, text, start, end, null);
		}

	}

	/** The transcript's new version and how many segments changed. */
	public record Edited(int version, int segments) {
	}

}
