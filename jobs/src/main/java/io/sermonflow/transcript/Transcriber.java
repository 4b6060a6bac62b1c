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

	/**
	 * The same, telling {@code progress} how much is heard as it goes (the offline
	 * engine: pieces recognised of all the pieces); engines that cannot tell say nothing.
	 */
	default Transcript transcribe(Path audio, String language, String preacherId, Progress progress) {
		return transcribe(audio, language, preacherId);
	}

	/**
	 * How far a transcription is: {@code done} of {@code total} parts, never going back.
	 */
	@FunctionalInterface
	interface Progress {

		Progress NONE = (done, total) -> {
		};

		void heard(long done, long total);

	}

	String engine();

}
