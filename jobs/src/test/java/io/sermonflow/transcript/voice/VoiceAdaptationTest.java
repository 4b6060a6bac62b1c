package io.sermonflow.transcript.voice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sermonflow.media.TestAudio;
import io.sermonflow.transcript.PocketSphinxTranscriber;
import io.sermonflow.transcript.WordErrors;
import io.sermonflow.transcript.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A voice the stock model hears poorly (espeak-ng's British female voice) is heard better
 * once the model is adapted to other sentences in that voice: real espeak-ng, SphinxTrain
 * and PocketSphinx.
 */
class VoiceAdaptationTest {

	static final String VOICE = "en+f3";

	static final List<String> ADAPT = List.of("welcome to everyone joining us today we are so glad you are here",
			"this morning we continue our series in the gospel of john chapter fifteen",
			"jesus is the true vine and his father is the gardener who tends the branches",
			"the grace of our lord jesus christ be with you all now and forever amen",
			"blessed are the merciful for they shall receive mercy says the lord",
			"god is faithful and he keeps his covenant of love to a thousand generations",
			"the resurrection of jesus is the heart of our faith and our hope in heaven",
			"seek first the kingdom of god and his righteousness and all these things will be given",
			"open your bibles to psalm twenty three and let us read it together",
			"paul writes to the romans that nothing can separate us from the love of god",
			"let us bow our heads and pray together for the families of our church",
			"the good shepherd lays down his life for the sheep and knows them by name");

	/** Not among the sentences adapted from. */
	static final List<String> HELD_OUT = List.of("for by grace you have been saved through faith it is the gift of god",
			"let us pray father thank you for your mercy help us to walk in righteousness this week amen",
			"the lord is my shepherd he makes me lie down in green pastures");

	@TempDir
	Path dir;

	@Test
	void a_preachers_adapted_voice_is_heard_with_fewer_errors_and_only_for_that_preacher() throws Exception {
		List<VoiceAdaptation.Utterance> utterances = new ArrayList<>();
		for (int i = 0; i < ADAPT.size(); i++) {
			utterances.add(new VoiceAdaptation.Utterance(speak("a" + i, ADAPT.get(i)), ADAPT.get(i)));
		}
		// a word no dictionary spells is left out, not a failure
		utterances.add(new VoiceAdaptation.Utterance(speak("odd", "welcome zorblaxian friends"),
				"welcome zorblaxian friends"));
		PreacherVoices voices = new PreacherVoices(this.dir.resolve("data"));
		assertThat(voices.model("preacher-1")).isEmpty();

		VoiceAdaptation.Adapted adapted = voices.adapt("preacher-1", utterances);

		assertThat(adapted.utterances()).isEqualTo(ADAPT.size());
		assertThat(adapted.skipped()).isEqualTo(1);
		Path model = voices.model("preacher-1").orElseThrow();
		assertThat(model).startsWith(this.dir.resolve("data").resolve("voices").toAbsolutePath());
		assertThat(model.resolve("mixture_weights")).isRegularFile();
		assertThat(model.resolve("sendump")).doesNotExist();
		assertThat(voices.model("preacher-2")).isEmpty();

		PocketSphinxTranscriber engine = new PocketSphinxTranscriber(TestAudio.ffmpegForTests(), 2, List::of,
				voices::model);
		int stockErrors = 0;
		int adaptedErrors = 0;
		int words = 0;
		for (int i = 0; i < HELD_OUT.size(); i++) {
			Path audio = speak("h" + i, HELD_OUT.get(i));
			List<String> reference = VoiceAdaptation.words(HELD_OUT.get(i));
			words += reference.size();
			stockErrors += WordErrors.errors(reference, words(engine.transcribe(audio, "en", "preacher-2")));
			adaptedErrors += WordErrors.errors(reference, words(engine.transcribe(audio, "en", "preacher-1")));
		}
		assertThat(adaptedErrors).as("word errors with the adapted voice, of %d words (stock: %d)", words, stockErrors)
			.isLessThan(stockErrors / 2);
	}

	@Test
	void a_new_adaptation_replaces_the_model_in_one_step_and_keeps_the_version_in_use() throws Exception {
		List<VoiceAdaptation.Utterance> utterances = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			utterances.add(new VoiceAdaptation.Utterance(speak("v" + i, ADAPT.get(i)), ADAPT.get(i)));
		}
		PreacherVoices voices = new PreacherVoices(this.dir.resolve("data"));
		voices.adapt("preacher-1", utterances);
		Path inUse = voices.model("preacher-1").orElseThrow();

		// two approvals at once on this node: one after the other, both complete
		ExecutorService twice = Executors.newFixedThreadPool(2);
		try {
			List<Future<VoiceAdaptation.Adapted>> adaptations = List.of(
					twice.submit(() -> voices.adapt("preacher-1", utterances)),
					twice.submit(() -> voices.adapt("preacher-1", utterances)));
			for (Future<VoiceAdaptation.Adapted> adaptation : adaptations) {
				assertThat(adaptation.get(5, TimeUnit.MINUTES).utterances()).isEqualTo(3);
			}
		}
		finally {
			twice.shutdownNow();
		}

		Path current = voices.model("preacher-1").orElseThrow();
		assertThat(current).isNotEqualTo(inUse);
		assertThat(current.resolve("means")).isRegularFile();
		// the version a transcription started with stays while it may still read it
		assertThat(inUse.resolve("means")).isRegularFile();
		Path link = current.getParent().resolve(inUse.getFileName().toString().replaceAll("-[^-]+$", ""));
		assertThat(link).isSymbolicLink();
		try (Stream<Path> versions = Files.list(current.getParent())) {
			assertThat(versions.filter((path) -> !path.equals(link))).hasSize(3);
		}

		// once they are old enough, only the current version is left
		ModelVersions.prune(link, Duration.ZERO);
		try (Stream<Path> versions = Files.list(current.getParent())) {
			assertThat(versions).containsExactlyInAnyOrder(link, current);
		}
		assertThat(voices.model("preacher-1")).contains(current);
	}

	@Test
	void nothing_usable_to_adapt_from_is_an_error_naming_it() {
		assertThatThrownBy(() -> VoiceAdaptation.adapt(List.of(), this.dir.resolve("out")))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("No usable utterance");
	}

	private Path speak(String id, String text) {
		Path raw = this.dir.resolve(id + "-raw.wav");
		Path clean = this.dir.resolve(id + "-clean.wav");
		Path noise = this.dir.resolve(id + "-noise.wav");
		Path out = this.dir.resolve(id + ".wav");
		TestAudio.run(List.of("espeak-ng", "-v", VOICE, "-s", "150", "-g", "2", "-w", raw.toString(), text));
		TestAudio.run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", clean.toString(), "pad",
				"0.5", "0.5"));
		TestAudio.run(List.of("sox", "-R", clean.toString(), noise.toString(), "synth", "whitenoise", "vol", "0.01"));
		TestAudio.run(List.of("sox", "-m", clean.toString(), noise.toString(), out.toString()));
		return out;
	}

	private static List<String> words(Transcript transcript) {
		StringBuilder text = new StringBuilder();
		transcript.segments().forEach((segment) -> text.append(segment.text()).append(' '));
		return VoiceAdaptation.words(text.toString());
	}

}
