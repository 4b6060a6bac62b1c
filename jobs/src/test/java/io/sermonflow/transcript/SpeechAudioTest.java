package io.sermonflow.transcript;

import java.nio.file.Path;

import io.sermonflow.media.TestAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One decode of a stereo recording gives the engine's PCM and where its pauses are. */
class SpeechAudioTest {

	@TempDir
	Path dir;

	@Test
	void one_decode_gives_16_khz_mono_pcm_and_the_midpoints_of_the_pauses() {
		// 4 s of tone, 2 s of silence, 3 s of tone, 1 s of silence, 2 s of tone; stereo
		// 44.1 kHz
		Path recording = TestAudio.ffmpeg("-f", "lavfi", "-i",
				"aevalsrc=exprs='if(lt(t,4)+between(t,6,9)+gt(t,10),0.3*sin(2*PI*330*t),0)':s=44100:d=12", "-ac", "2",
				"-c:a", "aac", "-b:a", "128k", "-y", this.dir.resolve("gaps.m4a").toString());

		SpeechAudio.Decoded decoded = SpeechAudio.withPauses(TestAudio.ffmpegForTests(), recording);

		assertThat(decoded.seconds()).isCloseTo(12, within(0.1));
		assertThat(decoded.pauses()).hasSize(2);
		assertThat(decoded.pauses().get(0)).isCloseTo(5.0, within(0.15));
		assertThat(decoded.pauses().get(1)).isCloseTo(9.5, within(0.15));
		// the same samples the engine reads without the pauses
		assertThat(SpeechAudio.pcm(TestAudio.ffmpegForTests(), recording)).hasSize(decoded.pcm().length);
	}

	@Test
	void pauses_pair_each_start_with_its_end_and_ignore_an_end_without_a_start() {
		String log = """
				[silencedetect @ 0x1] silence_end: 0.5 | silence_duration: 0.5
				[silencedetect @ 0x1] silence_start: 2.0
				[silencedetect @ 0x1] silence_end: 3.0 | silence_duration: 1.0
				size=N/A time=00:00:05.00
				[silencedetect @ 0x1] silence_start: 4.5
				""";
		assertThat(SpeechAudio.pauses(log)).containsExactly(2.5);
	}

}
