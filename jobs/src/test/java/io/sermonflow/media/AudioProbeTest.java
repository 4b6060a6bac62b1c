package io.sermonflow.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sermonflow.error.PermanentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** fetch_audio_metadata's probe on the real ffmpeg. */
class AudioProbeTest {

	@TempDir
	Path dir;

	private final AudioProbe probe = probe(360);

	private static AudioProbe probe(int maxMinutes) {
		return new AudioProbe(new Ffmpeg(), JsonMapper.builder().build(), new MediaProperties(null, null, maxMinutes));
	}

	@Test
	void reports_what_decodes_with_codec_rate_channels_and_checksum() throws IOException {
		Path mp3 = TestAudio.tone(this.dir.resolve("sermon.mp3"), 12, 220);
		AudioMetadata metadata = this.probe.probe(mp3);
		assertThat(metadata.durationSeconds()).isCloseTo(12, within(0.2));
		assertThat(metadata.codec()).isEqualTo("mp3");
		assertThat(metadata.container()).isEqualTo("mp3");
		assertThat(metadata.sampleRate()).isEqualTo(44100);
		assertThat(metadata.channels()).isEqualTo(1);
		assertThat(metadata.bitRate()).isPositive();
		assertThat(metadata.sizeBytes()).isEqualTo(Files.size(mp3));
		assertThat(metadata.sha256()).hasSize(64).isEqualTo(AudioProbe.sha256(mp3));
	}

	@Test
	void refuses_an_empty_file() throws IOException {
		Path empty = Files.createFile(this.dir.resolve("empty.mp3"));
		assertThatThrownBy(() -> this.probe.probe(empty)).isInstanceOf(PermanentException.class)
			.hasMessage("The file is empty");
	}

	@Test
	void refuses_a_file_that_is_not_audio() throws IOException {
		Path text = Files.writeString(this.dir.resolve("notes.mp3"), "These are sermon notes, not audio.\n".repeat(50));
		assertThatThrownBy(() -> this.probe.probe(text)).isInstanceOf(PermanentException.class)
			.hasMessageContaining("audio");
	}

	@Test
	void refuses_a_truncated_file_whose_header_claims_more_than_decodes() throws IOException {
		// FLAC and M4A headers state the length; a cut-off upload decodes far shorter
		for (String name : new String[] { "long.flac", "long.m4a" }) {
			Path file = TestAudio.tone(this.dir.resolve(name), 60, 330);
			try (RandomAccessFile cut = new RandomAccessFile(file.toFile(), "rw")) {
				cut.setLength(cut.length() * 3 / 10);
			}
			assertThatThrownBy(() -> this.probe.probe(file)).as(name)
				.isInstanceOf(PermanentException.class)
				.hasMessageContaining("truncated")
				.hasMessageContaining("claims 60.0 s");
		}
	}

	@Test
	void refuses_a_recording_over_the_duration_limit() {
		Path long_ = TestAudio.tone(this.dir.resolve("long.mp3"), 70, 440);
		assertThatThrownBy(() -> probe(1).probe(long_)).isInstanceOf(PermanentException.class)
			.hasMessage("The recording is too long: its header says 1 min 10 s; the limit is 1 minutes "
					+ "(SERMONFLOW_MAX_DURATION_MINUTES)");
	}

	@Test
	void refuses_a_ten_hour_file_by_its_header_without_decoding_it() {
		Path tenHours = silentFlac(this.dir.resolve("ten-hours.flac"), 10 * 3600);
		assertThatThrownBy(() -> this.probe.probe(tenHours)).isInstanceOf(PermanentException.class)
			.hasMessage("The recording is too long: its header says 10 h 00 min; the limit is 360 minutes "
					+ "(SERMONFLOW_MAX_DURATION_MINUTES)");
	}

	@Test
	void stops_decoding_a_file_whose_header_hides_its_length_one_second_past_the_limit() throws IOException {
		Path bomb = silentFlac(this.dir.resolve("bomb.flac"), 10 * 3600);
		eraseFlacLength(bomb);
		assertThat(TestAudio.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
				bomb.toString())))
			.as("the header no longer tells the length")
			.contains("N/A");
		assertThatThrownBy(() -> probe(1).probe(bomb)).isInstanceOf(PermanentException.class)
			.hasMessage("The recording is too long: it decodes past 1 min 00 s; the limit is 1 minutes "
					+ "(SERMONFLOW_MAX_DURATION_MINUTES)");
	}

	@Test
	void keeps_only_the_tail_of_what_ffmpeg_prints() {
		String line = "[mp3float @ 0x55] Header missing\n";
		byte[] flood = line.repeat(5 * Ffmpeg.OUTPUT_CAP / line.length())
			.concat("last words\n")
			.getBytes(StandardCharsets.UTF_8);
		Ffmpeg.Output kept = Ffmpeg.tail(new ByteArrayInputStream(flood));
		assertThat(kept.cut()).isTrue();
		assertThat(kept.text().length()).isLessThanOrEqualTo(Ffmpeg.OUTPUT_CAP);
		assertThat(kept.text()).endsWith("last words\n");
		assertThat(Ffmpeg.tail(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8))))
			.isEqualTo(new Ffmpeg.Output("short\n", false));
	}

	/** Silence compresses to almost nothing in FLAC: ten hours take about 7 MB. */
	private static Path silentFlac(Path file, int seconds) {
		return TestAudio.ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", Integer.toString(seconds), "-c:a",
				"flac", file.toString());
	}

	/** Zeroes STREAMINFO's 36-bit total-samples field: "length unknown". */
	private static void eraseFlacLength(Path flac) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(flac.toFile(), "rw")) {
			// "fLaC", a 4-byte block header, then 13 bytes of STREAMINFO before the field
			file.seek(21);
			int shared = file.read();
			file.seek(21);
			file.write(shared & 0xF0);
			file.write(new byte[4]);
		}
	}

}
