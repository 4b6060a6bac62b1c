package io.sermonflow.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

import io.sermonflow.files.Folders;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Files under {@code SERMONFLOW_DATA_DIR/media}, named by keys the server generates
 * ({@code <uuid>/<name>}): no path ever comes from a client. Writes stream to a temporary
 * file and move into place, so a reader never sees half a file and an upload over the cap
 * leaves nothing behind.
 */
@Component
@EnableConfigurationProperties(MediaProperties.class)
public class MediaStore {

	private static final Pattern KEY = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/[a-z0-9][a-z0-9_.-]{0,99}){0,4}");

	private final Path root;

	private final Path incoming;

	MediaStore(MediaProperties properties) throws IOException {
		this.root = properties.dataDir().resolve("media").toAbsolutePath().normalize();
		this.incoming = this.root.resolve(".incoming");
		Files.createDirectories(this.incoming);
	}

	/** A new folder key for one sermon's files. */
	public String newFolder() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Streams {@code in} into {@code folder/name}, at most {@code maxBytes}; over that,
	 * nothing is kept and {@link MediaTooLargeException} says so.
	 */
	public StoredMedia store(String folder, String name, InputStream in, long maxBytes) {
		String key = key(folder, name);
		Path temp = null;
		try {
			temp = Files.createTempFile(this.incoming, "upload-", ".part");
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			long size = 0;
			try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
				byte[] buffer = new byte[64 * 1024];
				for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
					size += read;
					if (size > maxBytes) {
						throw new MediaTooLargeException(maxBytes);
					}
					out.write(buffer, 0, read);
				}
			}
			Path target = resolve(key);
			Files.createDirectories(target.getParent());
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			temp = null;
			return new StoredMedia(key, size, HexFormat.of().formatHex(sha256.digest()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not store " + key, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			if (temp != null) {
				try {
					Files.deleteIfExists(temp);
				}
				catch (IOException ex) {
					// the incoming folder is only ever ours; a leftover is harmless
				}
			}
		}
	}

	/** The file of a key; the key must be one this store made. */
	public Path resolve(String key) {
		if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
			throw new IllegalArgumentException("Not a media key: " + key);
		}
		Path path = this.root.resolve(key).normalize();
		if (!path.startsWith(this.root)) {
			throw new IllegalArgumentException("Not a media key: " + key);
		}
		return path;
	}

	/** The folder of a key, created when missing. */
	public Path folder(String folder) {
		Path path = resolve(folder);
		try {
			Files.createDirectories(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return path;
	}

	public static String key(String folder, String name) {
		return folder + "/" + name;
	}

	/** Deletes a folder and everything in it. */
	public void deleteFolder(String folder) {
		try {
			Folders.delete(resolve(folder));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + folder, ex);
		}
	}

}
