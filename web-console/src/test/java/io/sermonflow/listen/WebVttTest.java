package io.sermonflow.listen;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.transcript.Transcript;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebVttTest {

	@Test
	void each_short_segment_is_one_escaped_cue_with_webvtt_times() {
		Transcript transcript = new Transcript("test", "en",
				List.of(new Transcript.Segment(0.5, 3.25, "Grace & <peace> --> to you", List.of()),
						new Transcript.Segment(3661.0, 3663.5, "An hour in.", List.of())));
		assertThat(WebVtt.of(transcript)).isEqualTo("""
				WEBVTT

				1
				00:00:00.500 --> 00:00:03.250
				Grace &amp; &lt;peace&gt; --&gt; to you

				2
				01:01:01.000 --> 01:01:03.500
				An hour in.

				""");
	}

	@Test
	void a_long_segment_with_word_times_is_cut_into_short_cues_in_order() {
		List<Transcript.Word> words = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			words.add(new Transcript.Word("w" + i, i * 0.6, i * 0.6 + 0.5, 0.9));
			text.append("w").append(i).append(' ');
		}
		String vtt = WebVtt
			.of(new Transcript("test", "en", List.of(new Transcript.Segment(0, 18, text.toString().strip(), words))));
		String[] cues = vtt.substring("WEBVTT\n\n".length()).split("\n\n");
		assertThat(cues.length).isGreaterThanOrEqualTo(3);
		double previousEnd = 0;
		for (String cue : cues) {
			String[] lines = cue.split("\n");
			String[] times = lines[1].split(" --> ");
			double start = seconds(times[0]);
			double end = seconds(times[1]);
			assertThat(start).isGreaterThanOrEqualTo(previousEnd - 1e-9);
			assertThat(end - start).isLessThanOrEqualTo(WebVtt.MAX_CUE_SECONDS + 0.6);
			assertThat(lines[2].split(" ").length).isLessThanOrEqualTo(WebVtt.MAX_CUE_WORDS);
			previousEnd = end;
		}
		assertThat(previousEnd).isEqualTo(18.0);
	}

	private static double seconds(String time) {
		String[] parts = time.split(":");
		return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
	}

}
