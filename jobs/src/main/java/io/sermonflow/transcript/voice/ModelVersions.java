package io.sermonflow.transcript.voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.sermonflow.files.Folders;

/**
 * A model folder that is replaced while it is in use. The name a reader asks for is a
 * symbolic link to a version folder beside it; a new version goes in by renaming a new
 * link over the old one, which is atomic, so a reader finds either version whole, never a
 * gap. A transcription pins the version it started with (its pieces run as separate
 * processes minutes apart), so a publish deletes only versions {@link #KEPT} older than
 * the new one; the version the link names is never deleted.
 */
final class ModelVersions {

	/** As long as a sermon run may take. */
	static final Duration KEPT = Duration.ofHours(6);

	private ModelVersions() {
	}

	/**
	 * A new, empty version folder for {@code link}, to fill and then {@link #publish}.
	 */
	static Path newVersion(Path link) throws IOException {
		Files.createDirectories(link.getParent());
		return Files.createTempDirectory(link.getParent(), link.getFileName() + "-");
	}

	/**
	 * Points {@code link} at {@code version} in one step, then deletes stale versions.
	 */
	static void publish(Path version, Path link) throws IOException {
		if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
			// a plain folder, as adapted voices were kept before versions: becomes a
			// version of its own (the one moment a reader may find nothing)
			Files.move(link, link.resolveSibling(link.getFileName() + "-" + UUID.randomUUID()),
					StandardCopyOption.ATOMIC_MOVE);
		}
		Path temporary = link.resolveSibling(link.getFileName() + ".link-" + UUID.randomUUID());
		Files.createSymbolicLink(temporary, version.getFileName());
		Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
		prune(link, KEPT);
	}

	/**
	 * Deletes the versions (and stray links) of {@code link} made more than {@code kept}
	 * before the one it names now, which stays. Times are the file system's own, so no
	 * clock is read.
	 */
	static void prune(Path link, Duration kept) throws IOException {
		if (!Files.isSymbolicLink(link)) {
			return;
		}
		Path current = link.resolveSibling(Files.readSymbolicLink(link));
		FileTime before = FileTime
			.from(Files.getLastModifiedTime(current, LinkOption.NOFOLLOW_LINKS).toInstant().minus(kept));
		String prefix = link.getFileName() + "-";
		String strayLink = link.getFileName() + ".link-";
		List<Path> stale;
		try (Stream<Path> siblings = Files.list(link.getParent())) {
			stale = siblings.filter((sibling) -> {
				String name = sibling.getFileName().toString();
				return (name.startsWith(prefix) || name.startsWith(strayLink)) && !sibling.equals(current);
			}).toList();
		}
		for (Path old : stale) {
			try {
				if (Files.getLastModifiedTime(old, LinkOption.NOFOLLOW_LINKS).compareTo(before) <= 0) {
					Folders.delete(old);
				}
			}
			catch (IOException ex) {
				// another node pruned it first
			}
		}
	}

}
