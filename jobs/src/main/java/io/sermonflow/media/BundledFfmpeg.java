package io.sermonflow.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import ws.schild.jave.process.ProcessLocator;

/**
 * JAVE2's bundled ffmpeg, unpacked from {@code ws.schild:jave-nativebin-linux64} under
 * the data directory. JAVE2's own {@code DefaultFFMPEGLocator} unpacks it to
 * {@code /tmp/jave/} and runs whatever file it then finds there, so any local user could
 * plant an ffmpeg for this process to run; and in 3.5.0 it does not wait for its
 * {@code chmod}. This locator unpacks to a private directory, checks an existing copy
 * against the bundled bytes, and publishes a new copy with an atomic move, so two
 * processes starting at once both get a whole, executable file.
 */
final class BundledFfmpeg implements ProcessLocator {

	static final String RESOURCE = "ws/schild/jave/nativebin/ffmpeg-amd64";

	private final Path path;

	BundledFfmpeg(Path toolsDirectory) {
		this.path = unpack(toolsDirectory);
	}

	@Override
	public String getExecutablePath() {
		return this.path.toString();
	}

	private static Path unpack(Path directory) {
		if (!"amd64".equals(System.getProperty("os.arch"))
				|| BundledFfmpeg.class.getClassLoader().getResource(RESOURCE) == null) {
			throw new IllegalStateException("JAVE2 bundles ffmpeg for Linux on x86-64 only, and this is "
					+ System.getProperty("os.name") + " on " + System.getProperty("os.arch")
					+ "; install ffmpeg and set SERMONFLOW_FFMPEG=system");
		}
		try {
			Files.createDirectories(directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			String bundled = sha256(resource());
			Path target = directory.resolve("ffmpeg-jave-" + bundled.substring(0, 16));
			if (Files.isRegularFile(target) && Files.isExecutable(target)) {
				try (InputStream existing = Files.newInputStream(target)) {
					if (sha256(existing).equals(bundled)) {
						return target;
					}
				}
			}
			Path partial = Files.createTempFile(directory, "ffmpeg-", ".partial");
			try {
				MessageDigest digest = sha256();
				try (InputStream in = resource();
						OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
					in.transferTo(out);
				}
				if (!HexFormat.of().formatHex(digest.digest()).equals(bundled)) {
					throw new IllegalStateException("The bundled ffmpeg changed while it was unpacked");
				}
				Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwx------"));
				Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(partial);
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unpacking JAVE2's bundled ffmpeg into " + directory + " failed", ex);
		}
	}

	private static InputStream resource() {
		return BundledFfmpeg.class.getClassLoader().getResourceAsStream(RESOURCE);
	}

	private static String sha256(InputStream in) throws IOException {
		try (DigestInputStream digesting = new DigestInputStream(in, sha256())) {
			digesting.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
