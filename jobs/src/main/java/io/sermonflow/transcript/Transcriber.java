package io.sermonflow.transcript;

import java.nio.file.Path;
import java.util.List;

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

	/**
	 * Whether this engine hears a long recording in the language as pieces that any node
	 * may take ({@link #cut}, then {@link #hear} per piece): the offline engine, in
	 * English. A service that hears a recording whole answers false.
	 */
	default boolean hearsInPieces(String language) {
		return false;
	}

	/**
	 * Decodes the recording once into {@code speech} (a file on the media store the nodes
	 * share) and cuts it at pauses; answers the pieces in order.
	 */
	default List<Span> cut(Path audio, Path speech, String language) {
		throw new UnsupportedOperationException(engine() + " hears recordings whole");
	}

	/**
	 * Hears one piece of what {@link #cut} wrote to {@code speech} (or, when that is
	 * gone, of the recording itself); times are from the start of the recording.
	 */
	default Transcript hear(Path audio, Path speech, Span piece, String language, String preacherId) {
		throw new UnsupportedOperationException(engine() + " hears recordings whole");
	}

	/** A piece of a recording: seconds from its start. */
	record Span(double start, double end) {

		public double seconds() {
			return this.end - this.start;
		}

	}

}
