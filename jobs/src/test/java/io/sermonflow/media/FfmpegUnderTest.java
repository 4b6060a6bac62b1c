package io.sermonflow.media;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two ffmpegs Sermonflow runs on: the machine's (Debian's) and the static 4.4 bundled
 * with JAVE2. Every media test runs against both ({@code @ParameterizedClass}).
 */
enum FfmpegUnderTest {

	SYSTEM, BUNDLED;

	/** Unpacked once per test JVM, under the module's build folder. */
	private static final Path TOOLS = Path.of("target", "ffmpeg-tools");

	private static final Map<FfmpegUnderTest, Ffmpeg> located = new EnumMap<>(FfmpegUnderTest.class);

	synchronized Ffmpeg ffmpeg() {
		return located.computeIfAbsent(this, (which) -> new Ffmpeg(
				FfmpegLocator.locate(name().toLowerCase(), TOOLS, List.of(Path.of("/usr/bin/ffmpeg")))));
	}

}
