package io.sermonflow.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The transcode task's renditions, made by the machine's ffmpeg and by JAVE2's bundled
 * one, checked with ffprobe and ffmpeg's loudness meter.
 */
@ParameterizedClass
@EnumSource(FfmpegUnderTest.class)
class TranscoderTest {

	@TempDir
	Path dir;

	@Parameter
	FfmpegUnderTest ffmpeg;

	@Test
	void makes_hls_variants_of_six_second_segments_a_progressive_file_and_peaks_at_minus_16_lufs() throws IOException {
		MediaStore store = new MediaStore(new MediaProperties(this.dir, null, null, null));
		String folder = store.newFolder();
		Path source = TestAudio.tone(this.dir.resolve("source.wav"), 20, 200);
		StoredMedia original = store.store(folder, "original", new ByteArrayInputStream(Files.readAllBytes(source)),
				100_000_000);
		// as the pipeline does it: the probe measures the loudness, the transcode applies
		// it
		Loudness measured = new AudioProbe(this.ffmpeg.ffmpeg(), new MediaProperties(this.dir, null, null, null))
			.probe(store.resolve(original.key()))
			.loudness();
		assertThat(measured).isNotNull();
		assertThat(measured.integratedLufs()).isBetween(-40.0, -5.0);
		Renditions renditions = new Transcoder(this.ffmpeg.ffmpeg(), store).transcode(original.key(), folder, 20,
				measured);

		String master = Files.readString(store.resolve(renditions.masterPlaylist()));
		assertThat(master).startsWith("#EXTM3U").contains("hls/64k/index.m3u8").contains("hls/128k/index.m3u8");
		assertThat(TestAudio.decodedSeconds("-i", store.resolve(renditions.masterPlaylist()).toString())).isCloseTo(20,
				within(1.0));
		assertThat(renditions.variants()).hasSize(2);
		for (Renditions.Variant variant : renditions.variants()) {
			Path playlist = store.resolve(variant.playlist());
			assertThat(TestAudio.duration(playlist.toString())).isCloseTo(20, within(1.0));
			String text = Files.readString(playlist);
			assertThat(text).contains("#EXT-X-TARGETDURATION:6").contains("#EXT-X-ENDLIST");
			// one fragmented MP4 per variant, its init section and segments as byte
			// ranges
			assertThat(text).contains("#EXT-X-MAP:URI=\"audio.mp4\",BYTERANGE=");
			assertThat(Pattern.compile("#EXT-X-BYTERANGE:\\d+@\\d+\naudio\\.mp4").matcher(text).results().count())
				.isEqualTo(4);
			try (var files = Files.list(playlist.getParent())) {
				assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("index.m3u8",
						"audio.mp4");
			}
		}
		Path progressive = store.resolve(renditions.progressive());
		assertThat(TestAudio.duration(progressive.toString())).isCloseTo(20, within(0.5));
		assertThat(integratedLoudness(progressive)).isCloseTo(-16, within(2.0));
		String peaks = Files.readString(store.resolve(renditions.peaks()));
		assertThat(peaks).startsWith("{\"perSecond\":10,\"peaks\":[");
		assertThat(peaks.split(",").length).isBetween(195, 205);
	}

	@Test
	void without_a_measurement_the_level_is_set_by_loudnorm_to_minus_16_lufs_as_well() throws IOException {
		MediaStore store = new MediaStore(new MediaProperties(this.dir, null, null, null));
		String folder = store.newFolder();
		Path source = TestAudio.tone(this.dir.resolve("source.wav"), 10, 300);
		StoredMedia original = store.store(folder, "original", new ByteArrayInputStream(Files.readAllBytes(source)),
				100_000_000);
		Renditions renditions = new Transcoder(this.ffmpeg.ffmpeg(), store).transcode(original.key(), folder, 10, null);
		Path progressive = store.resolve(renditions.progressive());
		assertThat(integratedLoudness(progressive)).isCloseTo(-16, within(2.0));
		// the 128 kb/s HLS variant is the same encode as the progressive file
		assertThat(TestAudio.duration(store.resolve(renditions.variants().get(1).playlist()).toString()))
			.isCloseTo(TestAudio.duration(progressive.toString()), within(0.5));
	}

	private static double integratedLoudness(Path file) {
		String report = TestAudio.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-i", file.toString(), "-af",
				"ebur128", "-f", "null", "-"));
		Matcher integrated = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS").matcher(report);
		double last = Double.NaN;
		while (integrated.find()) {
			last = Double.parseDouble(integrated.group(1));
		}
		return last;
	}

}
