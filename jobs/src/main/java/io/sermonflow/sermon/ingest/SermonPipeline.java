package io.sermonflow.sermon.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.ChunkSpec;
import io.sermonflow.dag.FailedRun;
import io.sermonflow.dag.TaskContext;
import io.sermonflow.embedding.Embedder;
import io.sermonflow.error.PermanentException;
import io.sermonflow.fetch.SafeFetcher;
import io.sermonflow.media.AudioMetadata;
import io.sermonflow.media.AudioProbe;
import io.sermonflow.media.MediaMetrics;
import io.sermonflow.media.MediaStore;
import io.sermonflow.media.Renditions;
import io.sermonflow.media.Transcoder;
import io.sermonflow.notify.ConsoleNotifications;
import io.sermonflow.notify.WebhookNotifier;
import io.sermonflow.search.ChunkIndex;
import io.sermonflow.sermon.EmbeddedChunk;
import io.sermonflow.sermon.JdbcSermonStore;
import io.sermonflow.sermon.Sermon;
import io.sermonflow.sermon.SermonRelease;
import io.sermonflow.sermon.SermonTasks;
import io.sermonflow.sermon.TranscriptChunk;
import io.sermonflow.sermon.TranscriptEdits;
import io.sermonflow.transcript.Transcript;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The work of each task of {@code sermon-ingest} (DESIGN.md §4). Each reads the sermon by
 * the id in the run's data and passes media and transcripts on by reference.
 */
@Component
public class SermonPipeline {

	static final int EMBED_BATCH = 16;

	private final JdbcSermonStore sermons;

	private final MediaStore media;

	private final AudioProbe probe;

	private final Transcoder transcoder;

	private final Embedder embedder;

	private final ChunkIndex index;

	private final WebhookNotifier notifier;

	private final ConsoleNotifications notifications;

	private final JsonMapper json;

	private final SafeFetcher fetcher;

	private final long maxBytes;

	private final boolean reviewRequired;

	private final MediaMetrics mediaMetrics;

	private final SermonRelease release;

	private final Clock clock;

	SermonPipeline(JdbcSermonStore sermons, MediaStore media, AudioProbe probe, Transcoder transcoder,
			Embedder embedder, ChunkIndex index, WebhookNotifier notifier, ConsoleNotifications notifications,
			JsonMapper json, SafeFetcher fetcher, io.sermonflow.media.MediaProperties mediaProperties,
			MediaMetrics mediaMetrics, SermonRelease release, Clock clock,
			@org.springframework.beans.factory.annotation.Value("${sermonflow.transcript-review:off}") String review) {
		this.clock = clock;
		this.mediaMetrics = mediaMetrics;
		this.release = release;
		this.reviewRequired = TranscriptEdits.reviewRequired(review);
		this.fetcher = fetcher;
		this.maxBytes = mediaProperties.maxUploadBytes();
		this.sermons = sermons;
		this.media = media;
		this.probe = probe;
		this.transcoder = transcoder;
		this.embedder = embedder;
		this.index = index;
		this.notifier = notifier;
		this.notifications = notifications;
		this.json = json;
	}

	AudioMetadata fetchAudioMetadata(TaskContext context) {
		Sermon sermon = sermon(context);
		String original = sermon.originalKey();
		if (original == null && sermon.sourceUrl() != null) {
			// checked again now: what the name resolves to may have changed since it was
			// submitted
			original = this.fetcher
				.fetch(sermon.sourceUrl(), this.media, sermon.mediaFolder(), "original", this.maxBytes)
				.key();
			this.sermons.originalStored(sermon.id(), original);
			context.log("fetched the recording from its source URL");
		}
		if (original == null) {
			throw new PermanentException("Sermon " + sermon.id() + " has no stored recording");
		}
		AudioMetadata metadata = this.probe.probe(this.media.resolve(original));
		context.log(String.format("decoded %.1f s of %s (%s, %d Hz, %d ch)", metadata.durationSeconds(),
				metadata.container(), metadata.codec(), metadata.sampleRate(), metadata.channels()));
		this.sermons.probed(sermon.id(), metadata.durationSeconds(), this.json.writeValueAsString(metadata));
		return metadata;
	}

	Transcoded transcode(TaskContext context) {
		Sermon sermon = sermon(context);
		AudioMetadata metadata = context.result("fetch_audio_metadata", AudioMetadata.class);
		Instant started = this.clock.instant();
		Renditions renditions = this.transcoder.transcode(sermon.originalKey(), sermon.mediaFolder(),
				metadata.durationSeconds(), metadata.loudness());
		Double factor = RealTimeFactors.logged(this.mediaMetrics, context, "transcode", "ffmpeg",
				Duration.between(started, this.clock.instant()), metadata.durationSeconds());
		this.sermons.transcoded(sermon.id(), this.json.writeValueAsString(renditions));
		// listenable first: the audio goes public with this task's commit, while the
		// transcription (run beside it) and what follows it go on; a separate task would
		// wait for the transcription, since tasks run in layers
		Map<String, Object> released = this.release.publishAudio(context);
		context.log("audio " + released.get("status")
				+ ((released.get("reason") != null) ? " (" + released.get("reason") + ")" : "")
				+ "; the transcript follows");
		return new Transcoded(renditions, factor);
	}

	Map<String, Object> saveTranscript(TaskContext context) throws java.io.IOException {
		Sermon sermon = sermon(context);
		TranscriptRef ref = context.result("transcribe", TranscriptRef.class);
		Transcript transcript = this.json.readValue(this.media.resolve(ref.key()).toFile(), Transcript.class);
		this.sermons.saveTranscript(sermon.id(), transcript, !this.reviewRequired);
		return Map.of("segments", transcript.segments().size(), "engine", transcript.engine(), "language",
				transcript.language(), "review", this.reviewRequired ? "waiting for approval" : "off");
	}

	/**
	 * Chunks of the saved transcript, embedded a batch at a time and stored with ids
	 * {@code (sermon, seq)}: a restart resumes after the last committed batch and writes
	 * no chunk twice.
	 */
	ChunkSpec<TranscriptChunk, TranscriptChunk> embedChunks() {
		return new ChunkSpec<>((context) -> {
			Sermon sermon = sermon(context);
			Transcript transcript = this.sermons.transcript(sermon.id())
				.orElseThrow(() -> new PermanentException("Sermon " + sermon.id() + " has no saved transcript"));
			List<TranscriptChunk> chunks = Chunker.chunks(transcript);
			this.sermons.trimChunks(sermon.id(), chunks.size());
			return new ListItems<>(chunks);
		}, (chunk, context) -> chunk, (chunks, context) -> {
			List<String> texts = chunks.stream().map(TranscriptChunk::text).toList();
			List<float[]> vectors = this.embedder.embed(texts);
			List<EmbeddedChunk> embedded = new ArrayList<>();
			for (int i = 0; i < chunks.size(); i++) {
				embedded.add(new EmbeddedChunk(chunks.get(i), vectors.get(i)));
			}
			this.sermons.saveChunks(SermonTasks.sermonId(context), embedded, Embedder.MODEL);
		}, EMBED_BATCH, 0, 0).withLabels(Map.of("model", Embedder.MODEL, "dimensions", Embedder.DIMENSIONS));
	}

	IndexedChunks indexChunks(TaskContext context) {
		Sermon sermon = sermon(context);
		if (!this.sermons.transcriptApproved(sermon.id())) {
			// the review gate: searchable once approved (sermon-refresh indexes it then)
			context.log("transcript waits for review: not indexed yet");
			return new IndexedChunks(null, this.index.alias(), 0, Embedder.MODEL);
		}
		List<EmbeddedChunk> chunks = this.sermons.chunks(sermon.id());
		String target = this.index.ensure();
		List<ChunkIndex.Document> documents = chunks.stream()
			.map((c) -> c.document(sermon.id(), sermon.title()))
			.toList();
		int indexed = this.index.index(target, documents);
		return new IndexedChunks(target, this.index.alias(), indexed, Embedder.MODEL);
	}

	/**
	 * How long a media task may take on a recording: a base plus a multiple of its
	 * decoded length, so a hung ffmpeg or PocketSphinx is stopped without cutting a long
	 * sermon short.
	 */
	static Duration scaledToAudio(TaskContext context, Duration base, double perSecondOfAudio) {
		double seconds = context.result("fetch_audio_metadata", AudioMetadata.class).durationSeconds();
		return base.plusMillis(Math.round(seconds * perSecondOfAudio * 1000));
	}

	/**
	 * After the last attempt, whatever failed it: the sermon is FAILED with the cause,
	 * staff are told, and {@code sermon/failed} is published once this is committed.
	 */
	Map<String, Object> onFailure(FailedRun failure) {
		Object id = failure.data().get("sermonId");
		if (!(id instanceof String sermonId)) {
			return Map.of("sermon", "none named in the event");
		}
		String error = String.valueOf(failure.error());
		Sermon sermon = this.sermons.find(sermonId).orElse(null);
		String title = (sermon != null) ? sermon.title() : sermonId;
		if (sermon != null && sermon.status().isProcessed()) {
			// its audio went out first (publish_audio): listeners keep it, without a
			// transcript, and staff are told what failed
			this.sermons.transcriptState(sermonId, Sermon.TranscriptState.FAILED, error);
			this.notifications.add("sermon.transcript-failed:" + sermonId + ":" + failure.runId(),
					ConsoleNotifications.Kind.SERMON_FAILED,
					"Transcript failed (the audio stays public): " + title + ": " + error,
					ConsoleNotifications.About.run(failure.runId()));
			String eventId = failure.emit("sermon/transcript.failed",
					Map.of("sermonId", sermonId, "error", error, "runId", failure.runId()));
			Map<String, Object> notified = this.notifier.notify("sermon.transcript-failed",
					Map.of("sermonId", sermonId, "error", error, "runId", failure.runId()));
			return Map.of("sermon", sermon.status().name(), "transcript", "FAILED", "event", eventId, "notification",
					notified);
		}
		this.sermons.failed(sermonId, error);
		this.notifications.add("sermon.failed:" + sermonId + ":" + failure.runId(),
				ConsoleNotifications.Kind.SERMON_FAILED, "Failed: " + title + ": " + error,
				ConsoleNotifications.About.run(failure.runId()));
		String eventId = failure.emit("sermon/failed",
				Map.of("sermonId", sermonId, "error", error, "runId", failure.runId()));
		Map<String, Object> notified = this.notifier.notify("sermon.failed",
				Map.of("sermonId", sermonId, "error", error, "runId", failure.runId()));
		return Map.of("sermon", "FAILED", "event", eventId, "notification", notified);
	}

	private Sermon sermon(TaskContext context) {
		String id = SermonTasks.sermonId(context);
		return this.sermons.find(id).orElseThrow(() -> new PermanentException("There is no sermon " + id));
	}

	/** The items of a list, in order, with their count as the total. */
	private static final class ListItems<T> implements ChunkSpec.Items<T> {

		private final List<T> items;

		private final Iterator<T> next;

		ListItems(List<T> items) {
			this.items = items;
			this.next = items.iterator();
		}

		@Override
		public T next() {
			return this.next.hasNext() ? this.next.next() : null;
		}

		@Override
		public long total() {
			return this.items.size();
		}

	}

}
