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

	String engine();

}
