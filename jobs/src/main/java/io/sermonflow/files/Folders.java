package io.sermonflow.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a folder with everything in it; a symbolic link is deleted, not followed. */
public final class Folders {

	private Folders() {
	}

	/** Deletes the folder and its contents; nothing when it does not exist. */
	public static void delete(Path folder) throws IOException {
		if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	/** As {@link #delete}, for temporary folders: a failure is left to the system. */
	public static void deleteQuietly(Path folder) {
		if (folder == null) {
			return;
		}
		try {
			delete(folder);
		}
		catch (IOException ex) {
			// a temporary folder; the system cleans it up eventually
		}
	}

}
