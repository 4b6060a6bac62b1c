package io.sermonflow.transcript;

import java.nio.file.Path;

/**
 * Speech to text for a stored recording: Deepgram, or the offline PocketSphinx engine.
 */
public interface Transcriber {

	/**
	 * @param audio a file we stored (a rendition or the original)
	 * @param language a language code such as {@code en}
	 */
	Transcript transcribe(Path audio, String language);

	/**
	 * The same, for a known preacher: the offline engine hears them with their adapted
	 * voice when there is one; other engines ignore the preacher.
	 */
	default Transcript transcribe(Path audio, String language, String preacherId) {
		return transcribe(audio, language);
	}

	String engine();

}
