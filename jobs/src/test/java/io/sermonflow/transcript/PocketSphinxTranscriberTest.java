package io.sermonflow.transcript;

import java.nio.file.Path;
import java.util.List;

import io.sermonflow.error.PermanentException;
import io.sermonflow.media.Speech;
import io.sermonflow.media.TestAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The offline engine on real (synthesised) speech with pauses and noise. */
class PocketSphinxTranscriberTest {

	@TempDir
	Path dir;

	@Test
	void transcribes_long_speech_in_pieces_cut_at_pauses_with_sentences_at_their_times() {
		Path audio = this.dir.resolve("sermon.m4a");
		List<Double> starts = Speech.record(this.dir, audio, 4);
		List<long[]> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
		Transcript transcript = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 2).transcribe(audio, "en", null,
				(done, total) -> progress.add(new long[] { done, total }));
		assertThat(transcript.engine()).isEqualTo("pocketsphinx");
		// progress by pieces: from none to all, one at a time, never back
		long pieces = progress.get(0)[1];
		assertThat(pieces).isGreaterThanOrEqualTo(3);
		assertThat(progress).hasSize((int) pieces + 1);
		for (int i = 0; i < progress.size(); i++) {
			assertThat(progress.get(i)).containsExactly(i, pieces);
		}
		// about 100 s of speech: several pieces recognised in parallel, stitched in order
		assertThat(starts.get(starts.size() - 1)).isGreaterThan(PocketSphinxTranscriber.MAX_PIECE_SECONDS * 2);
		// the recogniser hears "mustard seed" at its moment in at least three rounds of
		// four
		// (the recording is deterministic: seeded noise, repeatable dither)
		int heard = 0;
		for (int round = 0; round < 4; round++) {
			double mustard = starts.get(round * Speech.SENTENCES.size() + 3);
			if (transcript.segments()
				.stream()
				.anyMatch((segment) -> segment.text().contains("mustard seed")
						&& Math.abs(segment.start() - mustard) <= 2.0)) {
				heard++;
			}
		}
		assertThat(heard).isGreaterThanOrEqualTo(3);
		assertThat(transcript.segments()).filteredOn((s) -> s.text().contains("love your neighbor as yourself"))
			.hasSizeGreaterThanOrEqualTo(2);
		for (int i = 1; i < transcript.segments().size(); i++) {
			assertThat(transcript.segments().get(i).start())
				.isGreaterThanOrEqualTo(transcript.segments().get(i - 1).end());
		}
		Transcript.Word seed = transcript.segments()
			.stream()
			.flatMap((s) -> s.words().stream())
			.filter((w) -> w.word().equals("seed"))
			.findFirst()
			.orElseThrow();
		assertThat(seed.end()).isGreaterThan(seed.start());
	}

	@Test
	void cuts_a_recording_once_and_hears_each_piece_at_its_times_even_once_the_cut_is_gone() throws Exception {
		Path audio = this.dir.resolve("sermon.m4a");
		List<Double> starts = Speech.record(this.dir, audio, 2);
		Path speech = this.dir.resolve("speech.pcm");
		PocketSphinxTranscriber engine = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 1);
		assertThat(engine.hearsInPieces("en-GB")).isTrue();
		assertThat(engine.hearsInPieces("de")).isFalse();

		List<Transcriber.Span> spans = engine.cut(audio, speech, "en");
		double seconds = TestAudio.duration(audio.toString());
		// 16 kHz mono 16-bit: the whole recording, decoded once
		assertThat(java.nio.file.Files.size(speech) / 32_000.0).isCloseTo(seconds, within(0.1));
		assertThat(spans).hasSizeGreaterThanOrEqualTo(2);
		assertThat(spans.get(0).start()).isZero();
		assertThat(spans.get(spans.size() - 1).end()).isCloseTo(seconds, within(0.1));
		for (int i = 1; i < spans.size(); i++) {
			assertThat(spans.get(i).start()).isEqualTo(spans.get(i - 1).end());
		}

		// the second piece: its words lie within it, on the recording's time line
		Transcriber.Span second = spans.get(1);
		Transcript heard = engine.hear(audio, speech, second, "en", null);
		assertThat(heard.segments()).isNotEmpty();
		assertThat(heard.segments()).allSatisfy((segment) -> {
			assertThat(segment.start()).isBetween(second.start(), second.end());
			assertThat(segment.end()).isBetween(second.start(), second.end() + 0.5);
		});
		assertThat(starts.stream().filter((start) -> start >= second.start() && start < second.end())).isNotEmpty();

		// the cut tidied away: the piece is decoded from the recording, heard the same
		java.nio.file.Files.delete(speech);
		assertThat(engine.hear(audio, speech, second, "en", null).text()).isEqualTo(heard.text());
		assertThatThrownBy(() -> engine.cut(audio, speech, "fr")).isInstanceOf(PermanentException.class)
			.hasMessageContaining("DEEPGRAM_API_KEY");
	}

	@Test
	void cuts_pieces_at_pauses_near_the_target_length_and_never_longer_than_the_maximum() {
		List<double[]> pieces = PocketSphinxTranscriber.pieces(100, List.of(10.0, 26.0, 30.0, 60.0, 99.0));
		assertThat(pieces).extracting((p) -> p[0]).containsExactly(0.0, 26.0, 60.0);
		assertThat(pieces.get(pieces.size() - 1)[1]).isEqualTo(100.0);
		List<double[]> silent = PocketSphinxTranscriber.pieces(100, List.of());
		assertThat(silent).allSatisfy((p) -> assertThat(p[1] - p[0]).isLessThanOrEqualTo(45.0));
		assertThat(silent).hasSize(3);
	}

	@Test
	void refuses_languages_it_does_not_know_naming_the_way_out() {
		assertThatThrownBy(() -> new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 1)
			.transcribe(this.dir.resolve("x.m4a"), "de")).isInstanceOf(PermanentException.class)
			.hasMessageContaining("DEEPGRAM_API_KEY");
	}

}
