package io.sermonflow.transcript;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code DEEPGRAM_API_KEY} (unset: the offline engine) and
 * {@code SERMONFLOW_DEEPGRAM_URL}. The key is never logged; {@link #toString()} leaves it
 * out.
 */
@ConfigurationProperties("sermonflow.deepgram")
public record TranscriptionProperties(String apiKey, String url, String model) {

	public TranscriptionProperties {
		url = (url != null && !url.isBlank()) ? url : "https://api.deepgram.com";
		model = (model != null && !model.isBlank()) ? model : "nova-2";
		apiKey = (apiKey != null && !apiKey.isBlank()) ? apiKey : null;
	}

	public boolean usesDeepgram() {
		return this.apiKey != null;
	}

	@Override
	public String toString() {
		return "TranscriptionProperties[url=" + this.url + ", model=" + this.model + ", apiKey="
				+ (usesDeepgram() ? "(set)" : "(unset)") + "]";
	}

}
