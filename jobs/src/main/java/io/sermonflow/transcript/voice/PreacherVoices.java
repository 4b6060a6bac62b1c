package io.sermonflow.transcript.voice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each preacher's adapted acoustic model, under the data directory's {@code voices}
 * folder, named by a hash of the preacher's id (nothing a user typed names a path). A new
 * adaptation replaces the folder whole, so a transcription reads either the old model or
 * the new one.
 */
@Component
public class PreacherVoices {

	private final Path root;

	private final Map<Path, Object> adapting = new ConcurrentHashMap<>();

	PreacherVoices(@Value("${sermonflow.data-dir}") Path dataDir) {
		this.root = dataDir.resolve("voices").toAbsolutePath().normalize();
	}

	/**
	 * The preacher's adapted model folder, when one has been made: the version current
	 * now, which stays while a transcription uses it even if a newer one comes.
	 */
	public Optional<Path> model(String preacherId) {
		if (preacherId == null || preacherId.isBlank()) {
			return Optional.empty();
		}
		Path folder = folder(preacherId);
		try {
			return Files.isRegularFile(folder.resolve("means")) ? Optional.of(folder.toRealPath()) : Optional.empty();
		}
		catch (IOException ex) {
			// replaced between the two looks: the next transcription finds the new one
			return Optional.empty();
		}
	}

	/** When the preacher's voice was last adapted, if ever. */
	public Optional<Instant> adaptedAt(String preacherId) {
		return model(preacherId).flatMap((folder) -> {
			try {
				return Optional.of(Files.getLastModifiedTime(folder.resolve("means")).toInstant());
			}
			catch (IOException ex) {
				return Optional.empty();
			}
		});
	}

	/** Adapts the preacher's model to these utterances of their voice. */
	public VoiceAdaptation.Adapted adapt(String preacherId, List<VoiceAdaptation.Utterance> utterances)
			throws IOException, InterruptedException {
		Path folder = folder(preacherId);
		synchronized (this.adapting.computeIfAbsent(folder, (key) -> new Object())) {
			return VoiceAdaptation.adapt(utterances, folder);
		}
	}

	private Path folder(String preacherId) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(preacherId.getBytes(StandardCharsets.UTF_8));
			return this.root.resolve(HexFormat.of().formatHex(hash, 0, 12));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
