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
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * fetch_audio_metadata's probe on the real ffmpeg, the machine's and JAVE2's bundled one,
 * with a corpus of malformed files.
 */
@ParameterizedClass
@EnumSource(FfmpegUnderTest.class)
class AudioProbeTest {

	@TempDir
	Path dir;

	private final FfmpegUnderTest ffmpeg;

	private final AudioProbe probe;

	AudioProbeTest(FfmpegUnderTest ffmpeg) {
		this.ffmpeg = ffmpeg;
		this.probe = probe(360);
	}

	private AudioProbe probe(int maxMinutes) {
		return new AudioProbe(this.ffmpeg.ffmpeg(), new MediaProperties(null, null, maxMinutes, null));
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
	void refuses_every_file_of_the_malformed_corpus_as_a_permanent_error_naming_the_cause() throws IOException {
		byte[] noise = new byte[64 * 1024];
		new java.util.Random(7).nextBytes(noise);
		Path random = Files.write(this.dir.resolve("random.mp3"), noise);
		Path image = TestAudio.ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=32x32:d=1", "-frames:v", "1", "-f", "image2",
				"-y", this.dir.resolve("cover.png").toString());
		Path imageAsMp3 = Files.copy(image, this.dir.resolve("cover.mp3"));
		Path videoOnly = TestAudio.ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64:d=2", "-c:v", "mpeg4", "-y",
				this.dir.resolve("silent-film.m4a").toString());
		Path tagOnly = Files.write(this.dir.resolve("tag-only.mp3"), id3TagWithNoFrames());
		assertThatThrownBy(() -> this.probe.probe(random)).isInstanceOf(PermanentException.class)
			.hasMessageStartingWith("Not a supported audio file");
		assertThatThrownBy(() -> this.probe.probe(imageAsMp3)).isInstanceOf(PermanentException.class)
			.hasMessageStartingWith("Not a supported audio file");
		assertThatThrownBy(() -> this.probe.probe(videoOnly)).isInstanceOf(PermanentException.class)
			.hasMessage("Not audio: the file has no audio stream");
		assertThatThrownBy(() -> this.probe.probe(tagOnly)).isInstanceOf(PermanentException.class)
			.hasMessageNotContaining(this.dir.toString());
	}

	@Test
	void metadata_that_imitates_ffmpegs_description_changes_nothing() throws IOException {
		Path mp3 = TestAudio.ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=5", "-ac", "2", "-metadata",
				"title=Grace\n  Duration: 09:59:59.00, start: 0.000000, bitrate: 1 kb/s\n"
						+ "  Stream #0:0: Audio: flac, 8000 Hz, mono",
				"-y", this.dir.resolve("imitation.mp3").toString());
		AudioMetadata metadata = this.probe.probe(mp3);
		assertThat(metadata.declaredSeconds()).isCloseTo(5, within(0.2));
		assertThat(metadata.codec()).isEqualTo("mp3");
		assertThat(metadata.channels()).isEqualTo(2);
		assertThat(metadata.sampleRate()).isEqualTo(44100);
	}

	/** An ID3v2 header announcing a 16-byte tag of padding, and then nothing. */
	private static byte[] id3TagWithNoFrames() {
		byte[] tag = new byte[10 + 16];
		tag[0] = 'I';
		tag[1] = 'D';
		tag[2] = '3';
		tag[3] = 4;
		tag[9] = 16;
		return tag;
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
