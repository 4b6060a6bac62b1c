package io.sermonflow.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sermonflow.error.PermanentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A playlist or concat list uploaded as "audio" must not make ffmpeg read the files it
 * names. The canary is a real recording elsewhere on disk: had ffmpeg followed the list,
 * the probe would report the canary's 7.3 s. Checked on the machine's ffmpeg and on the
 * older one bundled with JAVE2.
 */
@ParameterizedClass
@EnumSource(FfmpegUnderTest.class)
class FfmpegSafetyTest {

	@TempDir
	Path dir;

	private final AudioProbe probe;

	FfmpegSafetyTest(FfmpegUnderTest ffmpeg) {
		this.probe = new AudioProbe(ffmpeg.ffmpeg(), new MediaProperties(null, null, 360, null));
	}

	@Test
	void an_hls_playlist_named_mp3_is_refused_and_its_canary_never_read() throws IOException {
		// an MPEG-TS segment, which the HLS demuxer accepts from a playlist
		Path canary = TestAudio.ffmpeg("-f", "lavfi", "-i", "sine=frequency=880:duration=7.3", "-c:a", "aac", "-f",
				"mpegts", "-y", this.dir.resolve("canary.ts").toString());
		Path evil = Files.writeString(this.dir.resolve("sermon.mp3"),
				"#EXTM3U\n#EXT-X-TARGETDURATION:8\n#EXTINF:7.3,\n" + canary.toAbsolutePath() + "\n#EXT-X-ENDLIST\n");
		// without the demuxer whitelist, ffmpeg follows the playlist to the canary
		assertThat(TestAudio.duration("-protocol_whitelist", "file", evil.toString())).isCloseTo(7.3, within(0.3));
		assertThatThrownBy(() -> this.probe.probe(evil)).isInstanceOf(PermanentException.class)
			.hasMessageContaining("Not a supported audio file");
	}

	@Test
	void a_concat_list_named_wav_is_refused_and_its_canary_never_read() throws IOException {
		TestAudio.tone(this.dir.resolve("canary.wav"), 7.3, 880);
		Path evil = Files.writeString(this.dir.resolve("sermon.wav"), "ffconcat version 1.0\nfile 'canary.wav'\n");
		// without the demuxer whitelist, ffmpeg follows the list to the canary
		assertThat(TestAudio.decodedSeconds("-protocol_whitelist", "file", "-i", evil.toString())).isCloseTo(7.3,
				within(0.3));
		assertThatThrownBy(() -> this.probe.probe(evil)).isInstanceOf(PermanentException.class);
	}

}
