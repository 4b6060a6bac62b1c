package io.sermonflow.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which ffmpeg a node runs ({@code SERMONFLOW_FFMPEG}), on this machine's Debian ffmpeg,
 * JAVE2's bundled one, and small scripts that pretend to be an ffmpeg.
 */
class FfmpegLocatorTest {

	private static final List<Path> DEBIAN = List.of(Path.of("/usr/bin/ffmpeg"));

	@TempDir
	Path tools;

	@Test
	void the_bundled_ffmpeg_is_jave2s_static_4_4_unpacked_where_only_this_user_can_write() throws IOException {
		FfmpegBinary bundled = FfmpegLocator.locate("bundled", this.tools, DEBIAN);
		assertThat(bundled.source()).isEqualTo(FfmpegBinary.Source.BUNDLED);
		assertThat(bundled.version()).startsWith("4.4");
		Path path = Path.of(bundled.path());
		assertThat(path.getParent()).isEqualTo(this.tools);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.tools))).isEqualTo("rwx------");
		assertThat(bundled.describe()).isEqualTo("ffmpeg " + bundled.version() + " (bundled, " + path + ")");
	}

	@Test
	void a_bundled_copy_that_was_tampered_with_is_replaced_not_run() throws IOException {
		Path path = Path.of(FfmpegLocator.locate("bundled", this.tools, DEBIAN).path());
		Files.writeString(path, "#!/bin/sh\necho 'ffmpeg version 99.0-planted'\n");
		FfmpegBinary again = FfmpegLocator.locate("bundled", this.tools, DEBIAN);
		assertThat(again.path()).isEqualTo(path.toString());
		assertThat(again.version()).startsWith("4.4");
	}

	@Test
	void auto_prefers_the_machines_ffmpeg_when_it_is_new_enough() {
		FfmpegBinary chosen = FfmpegLocator.locate(FfmpegLocator.AUTO, this.tools, DEBIAN);
		assertThat(chosen.source()).isEqualTo(FfmpegBinary.Source.SYSTEM);
		assertThat(chosen.path()).isEqualTo("/usr/bin/ffmpeg");
		assertThat(FfmpegLocator.newEnough(chosen.version())).isTrue();
	}

	@Test
	void auto_falls_back_to_the_bundled_ffmpeg_when_the_machine_has_none_or_an_old_one() throws IOException {
		Path old = pretender("old-ffmpeg", "ffmpeg version 3.4.11-0ubuntu0.1 Copyright (c) 2000-2022");
		assertThat(FfmpegLocator.locate(FfmpegLocator.AUTO, this.tools, List.of(old)).source())
			.isEqualTo(FfmpegBinary.Source.BUNDLED);
		assertThat(FfmpegLocator.locate(FfmpegLocator.AUTO, this.tools, List.of()).source())
			.isEqualTo(FfmpegBinary.Source.BUNDLED);
	}

	@Test
	void system_on_a_machine_without_ffmpeg_stops_start_up_naming_the_setting() {
		assertThatThrownBy(() -> FfmpegLocator.locate("system", this.tools, List.of()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("SERMONFLOW_FFMPEG=system")
			.hasMessageContaining("apt-get install ffmpeg");
	}

	@Test
	void a_configured_path_must_be_an_executable_ffmpeg_of_at_least_4_4() throws IOException {
		assertThatThrownBy(() -> FfmpegLocator.locate("ffmpeg", this.tools, DEBIAN))
			.hasMessageContaining("SERMONFLOW_FFMPEG=ffmpeg is not an executable file");
		assertThatThrownBy(() -> FfmpegLocator.locate("/nonexistent/ffmpeg", this.tools, DEBIAN))
			.hasMessageContaining("is not an executable file");
		Path silent = pretender("silent", "");
		assertThatThrownBy(() -> FfmpegLocator.locate(silent.toString(), this.tools, DEBIAN))
			.hasMessageContaining("does not answer -version");
		Path old = pretender("old", "ffmpeg version 4.3.2 Copyright (c) 2000-2021");
		assertThatThrownBy(() -> FfmpegLocator.locate(old.toString(), this.tools, DEBIAN))
			.hasMessageContaining("is ffmpeg 4.3.2, older than the 4.4");
		FfmpegBinary configured = FfmpegLocator.locate("/usr/bin/ffmpeg", this.tools, List.of());
		assertThat(configured.source()).isEqualTo(FfmpegBinary.Source.CONFIGURED);
	}

	@Test
	void reads_versions_as_debian_static_and_git_builds_print_them() {
		assertThat(FfmpegLocator.newEnough("5.1.9-0+deb12u1")).isTrue();
		assertThat(FfmpegLocator.newEnough("4.4.1-static")).isTrue();
		assertThat(FfmpegLocator.newEnough("n7.1")).isTrue();
		assertThat(FfmpegLocator.newEnough("N-113450-g1b22f2f")).isTrue();
		assertThat(FfmpegLocator.newEnough("4.3.6")).isFalse();
		assertThat(FfmpegLocator.newEnough("3.4.11-0ubuntu0.1")).isFalse();
		assertThat(FfmpegLocator.newEnough("unknown")).isFalse();
	}

	private Path pretender(String name, String versionLine) throws IOException {
		Path script = this.tools.resolveSibling(this.tools.getFileName() + "-" + name);
		Files.writeString(script, "#!/bin/sh\necho '" + versionLine + "'\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

}
