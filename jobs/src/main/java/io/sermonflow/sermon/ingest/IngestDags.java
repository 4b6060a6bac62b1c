package io.sermonflow.sermon.ingest;

import java.time.Duration;
import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.sermon.SermonChapters;
import io.sermonflow.sermon.SermonRelease;
import io.sermonflow.sermon.SermonScripture;
import io.sermonflow.sermon.SermonVoices;
import io.sermonflow.sermon.Sermons;
import io.sermonflow.sermon.TranscriptEdits;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DAGs that turn a recording into a published sermon (DESIGN.md §4): a new upload,
 * the bulk of an archive import, and the refresh after a transcript edit.
 */
@Configuration(proxyBeanMethods = false)
class IngestDags {

	/**
	 * After a transcript edit: re-derives what depends on the text, one refresh at a time
	 * per sermon, so two quick edits' refreshes cannot interleave.
	 */
	@Bean
	Dag sermonRefresh(TranscriptRefresh refresh, SermonChapters chapters, SermonScripture scripture,
			SermonVoices voices) {
		return Dag.dag("sermon-refresh")
			.triggeredBy(TranscriptEdits.EDITED)
			.concurrencyKey("sermonId", 1)
			.retries(5, Duration.ofSeconds(10), Duration.ofMinutes(10))
			.taskTimeout(Duration.ofMinutes(30))
			.task("rechunk", refresh::rechunk)
			.task("index_changed", List.of("rechunk"), refresh::indexChanged)
			.task("find_chapters", List.of("rechunk"), chapters::findChapters)
			.task("find_scripture", scripture::findScripture)
			// on approval only: the preacher's next sermons are heard with their voice
			.task("adapt_voice", voices::adaptVoice)
			.build();
	}

	@Bean
	Dag sermonIngest(SermonPipeline pipeline, SermonTranscription transcription, SermonChapters chapters,
			SermonScripture scripture, SermonRelease release) {
		return ingest("sermon-ingest", "sermon/uploaded", 0, pipeline, transcription, chapters, scripture, release);
	}

	/**
	 * The same pipeline for the bulk of an archive import, at a lower priority: when both
	 * wait, a new upload goes first.
	 */
	@Bean
	Dag sermonImport(SermonPipeline pipeline, SermonTranscription transcription, SermonChapters chapters,
			SermonScripture scripture, SermonRelease release) {
		return ingest("sermon-import", Sermons.IMPORTED, -10, pipeline, transcription, chapters, scripture, release);
	}

	private static Dag ingest(String id, String trigger, int priority, SermonPipeline pipeline,
			SermonTranscription transcription, SermonChapters chapters, SermonScripture scripture,
			SermonRelease release) {
		return Dag.dag(id)
			.triggeredBy(trigger)
			.priority(priority)
			// five retries from 10 s: an Elasticsearch or Deepgram outage of a few
			// minutes delays a sermon rather than failing it (the chaos run takes
			// Elasticsearch away for a minute; three retries from 5 s gave up after
			// about 35 s)
			.retries(5, Duration.ofSeconds(10), Duration.ofMinutes(10))
			.timeout(Duration.ofHours(6))
			.taskTimeout(Duration.ofMinutes(30))
			.concurrencyKey("churchId", 2)
			.task("fetch_audio_metadata", pipeline::fetchAudioMetadata)
			// the cut comes first (seconds: one decode), so that the pieces are heard,
			// on any node, while the transcode runs: tasks run in layers
			.task("split_speech", List.of("fetch_audio_metadata"), transcription::splitSpeech)
			.task("transcode", List.of("split_speech"), pipeline::transcode)
			.pool("transcode")
			.timesOutAfter((context) -> SermonPipeline.scaledToAudio(context, Duration.ofMinutes(10), 2.0))
			.mappedTask("transcribe_piece", "split_speech", transcription::transcribePiece)
			.pool("transcribe")
			.timesOutAfter((context) -> SermonPipeline.scaledToAudio(context, Duration.ofMinutes(15), 1.5))
			.task("transcribe", List.of("transcribe_piece"), transcription::transcribe)
			.timesOutAfter((context) -> SermonPipeline.scaledToAudio(context, Duration.ofMinutes(15), 1.5))
			.task("parse_save_transcript", List.of("transcribe"), pipeline::saveTranscript)
			.chunkTask("embed_chunks", List.of("parse_save_transcript"), pipeline.embedChunks())
			.task("index_chunks", List.of("embed_chunks"), pipeline::indexChunks)
			.task("find_chapters", List.of("embed_chunks"), chapters::findChapters)
			.task("find_scripture", List.of("parse_save_transcript"), scripture::findScripture)
			.task("publish", List.of("transcode", "index_chunks", "find_chapters", "find_scripture"),
					release::publishProcessed)
			.task("notify_user", List.of("publish"), (context) -> release.notifyOutcome(context, "publish"))
			.onFailure(pipeline::onFailure)
			.build();
	}

}
