package io.sermonflow.media;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the ffmpeg this node runs ({@code SERMONFLOW_FFMPEG}):
 * <ul>
 * <li>{@code auto} (the default): the machine's ffmpeg when there is one of at least
 * {@value #MINIMUM}, else the one bundled with JAVE2;</li>
 * <li>{@code system}: the machine's, or refuse to start;</li>
 * <li>{@code bundled}: JAVE2's static ffmpeg 4.4 ({@link BundledFfmpeg});</li>
 * <li>an absolute path: that file.</li>
 * </ul>
 * The machine's is preferred because Debian patches its security holes and nobody patches
 * a bundled binary. Every choice is checked by running {@code -version}: a binary that
 * does not answer, or is older than {@value #MINIMUM} (the oldest with every filter and
 * option the pipeline uses), stops start-up with a message naming the setting.
 */
final class FfmpegLocator {

	static final String AUTO = "auto";

	static final String MINIMUM = "4.4";

	private static final Logger log = LoggerFactory.getLogger(FfmpegLocator.class);

	private static final Pattern VERSION_LINE = Pattern.compile("^ffmpeg version (\\S+)");

	private static final Pattern NUMBERS = Pattern.compile("^n?(\\d+)\\.(\\d+)");

	private FfmpegLocator() {
	}

	static FfmpegBinary locate(String setting, Path dataDir) {
		return locate(setting, dataDir.resolve("tools"), systemCandidates());
	}

	static FfmpegBinary locate(String setting, Path toolsDir, List<Path> systemCandidates) {
		switch (setting) {
			case AUTO -> {
				for (Path candidate : systemCandidates) {
					String version = version(candidate);
					if (version != null && newEnough(version)) {
						return new FfmpegBinary(candidate.toString(), version, FfmpegBinary.Source.SYSTEM);
					}
					log.warn("Not using {}: it reports version {}, and Sermonflow needs at least {}", candidate,
							version, MINIMUM);
				}
				log.info("No ffmpeg of at least {} on this machine; using the static one bundled with JAVE2, "
						+ "which no system update patches: install Debian's ffmpeg where you can", MINIMUM);
				return bundled(toolsDir);
			}
			case "system" -> {
				Path system = systemCandidates.stream()
					.findFirst()
					.orElseThrow(() -> new IllegalStateException(
							"SERMONFLOW_FFMPEG=system, but this machine has no ffmpeg: install Debian's ffmpeg "
									+ "(apt-get install ffmpeg), or set SERMONFLOW_FFMPEG=bundled"));
				return checked(system, FfmpegBinary.Source.SYSTEM);
			}
			case "bundled" -> {
				return bundled(toolsDir);
			}
			default -> {
				Path path = Path.of(setting);
				if (!path.isAbsolute() || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
					throw new IllegalStateException("SERMONFLOW_FFMPEG=" + setting + " is not an executable file; "
							+ "set it to auto, system, bundled or the absolute path of an ffmpeg");
				}
				return checked(path, FfmpegBinary.Source.CONFIGURED);
			}
		}
	}

	private static FfmpegBinary bundled(Path toolsDir) {
		// JAVE2's locator interface, our safer unpacking
		Path path = Path.of(new BundledFfmpeg(toolsDir).getExecutablePath());
		return checked(path, FfmpegBinary.Source.BUNDLED);
	}

	private static FfmpegBinary checked(Path path, FfmpegBinary.Source source) {
		String version = version(path);
		if (version == null) {
			throw new IllegalStateException(path + " does not answer -version as ffmpeg does (SERMONFLOW_FFMPEG="
					+ source.name().toLowerCase() + ")");
		}
		if (!newEnough(version)) {
			throw new IllegalStateException(path + " is ffmpeg " + version + ", older than the " + MINIMUM
					+ " Sermonflow needs; upgrade it or set SERMONFLOW_FFMPEG=bundled");
		}
		return new FfmpegBinary(path.toString(), version, source);
	}

	/**
	 * Whether {@code version} is at least {@link #MINIMUM}. A build from git ("N-…") says
	 * nothing comparable and is taken as new.
	 */
	static boolean newEnough(String version) {
		Matcher numbers = NUMBERS.matcher(version);
		if (!numbers.find()) {
			return version.startsWith("N-");
		}
		int major = Integer.parseInt(numbers.group(1));
		int minor = Integer.parseInt(numbers.group(2));
		String[] minimum = MINIMUM.split("\\.");
		int wantMajor = Integer.parseInt(minimum[0]);
		return major > wantMajor || (major == wantMajor && minor >= Integer.parseInt(minimum[1]));
	}

	/** What {@code ffmpeg -version} says its version is; null when it says nothing. */
	static String version(Path ffmpeg) {
		try {
			Process process = new ProcessBuilder(ffmpeg.toString(), "-version").redirectErrorStream(true).start();
			byte[] head;
			try (InputStream out = process.getInputStream()) {
				head = out.readNBytes(4096);
				out.transferTo(java.io.OutputStream.nullOutputStream());
			}
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			Matcher line = VERSION_LINE.matcher(new String(head, StandardCharsets.UTF_8));
			return (process.exitValue() == 0 && line.find()) ? line.group(1) : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** Debian's ffmpeg first, then any other on the PATH. */
	private static List<Path> systemCandidates() {
		Set<Path> candidates = new LinkedHashSet<>();
		candidates.add(Path.of("/usr/bin/ffmpeg"));
		String pathVariable = System.getenv("PATH");
		if (pathVariable != null) {
			for (String directory : pathVariable.split(File.pathSeparator)) {
				if (!directory.isEmpty() && Path.of(directory).isAbsolute()) {
					candidates.add(Path.of(directory, "ffmpeg"));
				}
			}
		}
		List<Path> found = new ArrayList<>();
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				found.add(candidate);
			}
		}
		return found;
	}

}
