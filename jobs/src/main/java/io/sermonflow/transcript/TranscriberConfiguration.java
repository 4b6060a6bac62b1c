package io.sermonflow.transcript;

import java.time.Duration;

import io.sermonflow.media.Ffmpeg;
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
	Transcriber transcriber(TranscriptionProperties properties, JsonMapper json, Ffmpeg ffmpeg) {
		if (properties.usesDeepgram()) {
			return new DeepgramTranscriber(properties, json, Duration.ofSeconds(2));
		}
		return new PocketSphinxTranscriber(ffmpeg, Runtime.getRuntime().availableProcessors());
	}

}
