package io.sermonflow.sermon.ingest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sermonflow.dag.TaskContext;
import io.sermonflow.error.PermanentException;
import io.sermonflow.fetch.SafeFetcher;
import io.sermonflow.files.Folders;
import io.sermonflow.media.MediaMetrics;
import io.sermonflow.media.MediaStore;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonTasks;
import io.sermonflow.transcript.GivenTranscripts;
import io.sermonflow.transcript.Transcriber;
import io.sermonflow.transcript.Transcript;
import io.sermonflow.transcript.voice.PreacherVoices;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The transcription of a recording, as three tasks: {@code split_speech} decodes it once
 * and cuts it at pauses (the offline engine), {@code transcribe_piece} hears each piece
 * on whichever node has a free {@code transcribe} slot (a mapped task), and
 * {@code transcribe} puts the pieces' segments together in order. A source's own
 * transcript, or an engine that hears a recording whole (Deepgram), leaves no pieces:
 * {@code transcribe} then does the work itself.
 */
@Component
class SermonTranscription {

	/** A source's own transcript larger than this is not read. */
	static final int GIVEN_TRANSCRIPT_BYTES = 5 * 1024 * 1024;

	/**
	 * The decoded speech the pieces read, in the sermon's media folder until the
	 * transcript is made.
	 */
	static final String SPEECH = "speech.pcm";

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final Transcriber transcriber;

	private final SafeFetcher fetcher;

	private final PreacherVoices voices;

	private final MediaMetrics mediaMetrics;

	private final JsonMapper json;

	private final Clock clock;

	SermonTranscription(JdbcSermonStore sermons, MediaStore media, Transcriber transcriber, SafeFetcher fetcher,
			PreacherVoices voices, MediaMetrics mediaMetrics, JsonMapper json, Clock clock) {
		this.sermons = sermons;
		this.media = media;
		this.transcriber = transcriber;
		this.fetcher = fetcher;
		this.voices = voices;
		this.mediaMetrics = mediaMetrics;
		this.json = json;
		this.clock = clock;
	}

	/** The pieces to hear, in order; none when {@code transcribe} does it whole. */
	List<SpeechPiece> splitSpeech(TaskContext context) {
		Sermon sermon = sermon(context);
		if (this.sermons.givenTranscript(sermon.id()).isPresent()) {
			context.log("the source gives a transcript: no pieces to hear");
			return List.of();
		}
		if (!this.transcriber.hearsInPieces(sermon.language())) {
			// Deepgram; or a language the offline engine does not know, which the
			// transcribe task reports
			context.log(this.transcriber.engine() + " hears the recording whole");
			return List.of();
		}
		long cutAt = this.clock.millis();
		List<Transcriber.Span> spans = this.transcriber.cut(this.media.resolve(sermon.originalKey()), speech(sermon),
				sermon.language());
		List<SpeechPiece> pieces = new ArrayList<>();
		for (Transcriber.Span span : spans) {
			pieces.add(new SpeechPiece(pieces.size(), span.start(), span.end(), cutAt));
		}
		context.log(String.format(Locale.ROOT, "cut at pauses into %d pieces of %.0f s on average", pieces.size(),
				spans.stream().mapToDouble(Transcriber.Span::seconds).average().orElse(0)));
		return pieces;
	}

	/** One piece, heard on any node: its transcript goes to the media store. */
	PieceHeard transcribePiece(TaskContext context) {
		Sermon sermon = sermon(context);
		SpeechPiece piece = context.item(SpeechPiece.class);
		Transcript heard = this.transcriber.hear(this.media.resolve(sermon.originalKey()), speech(sermon),
				new Transcriber.Span(piece.start(), piece.end()), sermon.language(), sermon.preacherId());
		String key = store(sermon, String.format(Locale.ROOT, "transcript-piece-%05d.json", piece.index()), heard);
		int words = heard.segments().stream().mapToInt((segment) -> segment.words().size()).sum();
		context.log(String.format(Locale.ROOT, "piece %d (%.1f–%.1f s): %d words", piece.index(), piece.start(),
				piece.end(), words));
		return new PieceHeard(key, words);
	}

	/**
	 * The transcript: the pieces' segments in order, or the whole recording heard here.
	 */
	TranscriptRef transcribe(TaskContext context) throws java.io.IOException {
		Sermon sermon = sermon(context);
		SpeechPiece[] pieces = context.result("split_speech", SpeechPiece[].class);
		boolean adaptedVoice = "pocketsphinx".equals(this.transcriber.engine())
				&& this.voices.model(sermon.preacherId()).isPresent();
		if (pieces.length == 0) {
			return whole(sermon, context, adaptedVoice);
		}
		List<Transcript.Segment> segments = new ArrayList<>();
		for (PieceHeard heard : context.result("transcribe_piece", PieceHeard[].class)) {
			segments.addAll(this.json.readValue(this.media.resolve(heard.key()).toFile(), Transcript.class).segments());
		}
		Transcript transcript = new Transcript(this.transcriber.engine(), sermon.language(), segments);
		if (adaptedVoice) {
			context.log("heard with " + sermon.preacher() + "'s adapted voice (from approved transcripts)");
		}
		Double factor = RealTimeFactors.logged(this.mediaMetrics, context, "transcribe", transcript.engine(),
				Duration.between(Instant.ofEpochMilli(pieces[0].cutAt()), this.clock.instant()),
				sermon.durationSeconds());
		TranscriptRef ref = stored(sermon, context, transcript, factor, adaptedVoice);
		// the decoded speech is large and no longer needed (a piece heard again decodes
		// anew)
		Folders.deleteQuietly(speech(sermon));
		return ref;
	}

	private TranscriptRef whole(Sermon sermon, TaskContext context, boolean adaptedVoice) {
		Transcript transcript = given(sermon, context);
		Double factor = null;
		if (transcript == null) {
			if (adaptedVoice) {
				context.log("heard with " + sermon.preacher() + "'s adapted voice (from approved transcripts)");
			}
			Instant started = this.clock.instant();
			// the offline engine's pieces as the task's progress on the run page
			transcript = this.transcriber.transcribe(this.media.resolve(sermon.originalKey()), sermon.language(),
					sermon.preacherId(), context::progress);
			factor = RealTimeFactors.logged(this.mediaMetrics, context, "transcribe", transcript.engine(),
					Duration.between(started, this.clock.instant()), sermon.durationSeconds());
		}
		return stored(sermon, context, transcript, factor, adaptedVoice && transcript.engine().equals("pocketsphinx"));
	}

	private TranscriptRef stored(Sermon sermon, TaskContext context, Transcript transcript, Double factor,
			boolean adaptedVoice) {
		String key = store(sermon, "transcript.json", transcript);
		int words = transcript.segments().stream().mapToInt((segment) -> segment.words().size()).sum();
		context.log(transcript.engine() + ": " + transcript.segments().size() + " segments, " + words + " words");
		return new TranscriptRef(transcript.engine(), transcript.language(), key, transcript.segments().size(), words,
				factor, adaptedVoice);
	}

	private String store(Sermon sermon, String name, Transcript transcript) {
		byte[] stored = this.json.writeValueAsString(transcript).getBytes(StandardCharsets.UTF_8);
		return this.media.store(sermon.mediaFolder(), name, new ByteArrayInputStream(stored), Long.MAX_VALUE).key();
	}

	/**
	 * The transcript the source gave ({@code podcast:transcript}), read in place of
	 * transcribing; null when there is none, or when it cannot be fetched or read (then
	 * the recording is transcribed, and the log says why).
	 */
	private Transcript given(Sermon sermon, TaskContext context) {
		JdbcSermonStore.GivenTranscript given = this.sermons.givenTranscript(sermon.id()).orElse(null);
		if (given == null) {
			return null;
		}
		try {
			byte[] content = this.fetcher.fetchBytes(given.url(), GIVEN_TRANSCRIPT_BYTES);
			Transcript transcript = GivenTranscripts.parse(content, given.type(), sermon.language(), this.json);
			context.log("used the transcript the source gives (" + given.type() + "), not transcribing");
			return transcript;
		}
		catch (PermanentException ex) {
			context.log("the source's transcript could not be used (" + ex.getMessage() + "); transcribing instead");
			return null;
		}
	}

	/** Where the decoded speech of the sermon lies: a fixed name in its media folder. */
	private Path speech(Sermon sermon) {
		return this.media.folder(sermon.mediaFolder()).resolve(SPEECH);
	}

	private Sermon sermon(TaskContext context) {
		String id = SermonTasks.sermonId(context);
		return this.sermons.find(id).orElseThrow(() -> new PermanentException("There is no sermon " + id));
	}

}
