package io.sermonflow.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoudnessTest {

	private static final String SUMMARY = """
			[Parsed_ebur128_0 @ 0x55fed1713600] Summary:

			  Integrated loudness:
			    I:         -21.8 LUFS
			    Threshold: -31.8 LUFS

			  Loudness range:
			    LRA:         0.0 LU

			  True peak:
			    Peak:      -3.1 dBFS
			""";

	@Test
	void reads_the_meters_summary() {
		assertThat(Loudness.parse("size=N/A time=00:00:10.00\n" + SUMMARY)).isEqualTo(new Loudness(-21.8, -3.1));
	}

	@Test
	void only_the_last_summary_counts_so_metadata_cannot_stand_in_for_it() {
		String forged = SUMMARY.replace("-21.8", "-5.0").replace("-3.1", "-60.0");
		assertThat(Loudness.parse("  title : " + forged + "\n" + SUMMARY)).isEqualTo(new Loudness(-21.8, -3.1));
	}

	@Test
	void no_summary_is_no_measurement() {
		assertThat(Loudness.parse("Stream #0:0: Audio: mp3, 44100 Hz\n")).isNull();
	}

	@Test
	void silence_is_left_as_it_is() {
		assertThat(Transcoder.levelFilter(new Loudness(-70, Double.NEGATIVE_INFINITY))).isEqualTo("anull");
	}

	@Test
	void a_measured_recording_gets_one_linear_gain() {
		assertThat(Transcoder.levelFilter(new Loudness(-20, -10))).isEqualTo("volume=4.00dB");
	}

	@Test
	void a_gain_that_would_push_peaks_past_the_ceiling_gets_a_limiter() {
		assertThat(Transcoder.levelFilter(new Loudness(-30, -3)))
			.isEqualTo("volume=14.00dB,alimiter=limit=0.8414:level=false");
	}

	@Test
	void without_a_measurement_loudnorm_measures_as_it_goes() {
		assertThat(Transcoder.levelFilter(null)).startsWith("loudnorm=I=-16:TP=-1.5");
	}

	@Test
	void tee_names_have_their_separators_escaped() {
		assertThat(Transcoder.teeEscaped("file:/data/a|b[1]")).isEqualTo("file\\:/data/a\\|b\\[1\\]");
	}

}
