package io.sermonflow.transcript;

import java.time.Duration;

import io.sermonflow.fetch.ServiceUrls;
import io.sermonflow.media.Ffmpeg;
import io.sermonflow.transcript.vocabulary.Vocabulary;
import io.sermonflow.transcript.voice.PreacherVoices;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deepgram when {@code DEEPGRAM_API_KEY} is set, else the offline PocketSphinx engine.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TranscriptionProperties.class)
class TranscriberConfiguration {

	@Bean
	Transcriber transcriber(TranscriptionProperties properties, JsonMapper json, Ffmpeg ffmpeg, ServiceUrls serviceUrls,
			Vocabulary vocabulary, PreacherVoices voices) {
		if (properties.usesDeepgram()) {
			// the key goes with every request: refuse to start rather than send it
			// somewhere
			// internal or in clear text
			serviceUrls.check("SERMONFLOW_DEEPGRAM_URL", properties.url(), true);
			return new DeepgramTranscriber(properties, json, Duration.ofSeconds(2), DeepgramTranscriber.MAX_RESPONSE);
		}
		// a transcription waits for a first build of the sermon vocabulary, minutes at
		// most
		return new PocketSphinxTranscriber(ffmpeg, Runtime.getRuntime().availableProcessors(),
				() -> vocabulary.decoderOptions(Duration.ofMinutes(10)), voices::model);
	}

}
