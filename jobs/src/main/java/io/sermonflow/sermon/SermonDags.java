package io.sermonflow.sermon;

import java.time.Duration;
import java.util.List;

import io.sermonflow.dag.Dag;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code sermon-ingest}, exactly as DESIGN.md §4 draws it. */
@Configuration(proxyBeanMethods = false)
class SermonDags {

	@Bean
	Dag sermonIngest(SermonPipeline pipeline) {
		return Dag.dag("sermon-ingest")
			.triggeredBy("sermon/uploaded")
			.retries(3, Duration.ofSeconds(5), Duration.ofMinutes(5))
			.timeout(Duration.ofHours(6))
			.concurrencyKey("churchId", 2)
			.task("fetch_audio_metadata", pipeline::fetchAudioMetadata)
			.task("transcode", List.of("fetch_audio_metadata"), pipeline::transcode)
			.pool("transcode")
			.task("transcribe", List.of("fetch_audio_metadata"), pipeline::transcribe)
			.task("parse_save_transcript", List.of("transcribe"), pipeline::saveTranscript)
			.chunkTask("embed_chunks", List.of("parse_save_transcript"), pipeline.embedChunks())
			.task("index_chunks", List.of("embed_chunks"), pipeline::indexChunks)
			.task("publish", List.of("transcode", "index_chunks"), pipeline::publish)
			.task("notify_user", List.of("publish"), pipeline::notifyUser)
			.onFailure(pipeline::onFailure)
			.build();
	}

}
