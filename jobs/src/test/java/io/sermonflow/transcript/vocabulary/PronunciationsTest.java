package io.sermonflow.transcript.vocabulary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PronunciationsTest {

	@Test
	void takes_the_dictionary_pronunciation_when_there_is_one() throws Exception {
		Pronunciations cmu = Pronunciations.read(StockModel.DEBIAN.dictionary());
		assertThat(cmu.knows("grace")).isTrue();
		assertThat(cmu.of("grace")).isEqualTo("G R EY S");
		assertThat(cmu.of("obremski")).isEqualTo("OW B R EH M S K IY");
	}

	@Test
	void spells_out_a_word_the_dictionary_lacks() {
		assertThat(Pronunciations.spelled("Okonkwo")).isEqualTo("OW K AA N K W OW");
		assertThat(Pronunciations.spelled("Zorbalind")).isEqualTo("Z AO R B EY L IH N D");
		// a long vowel before a silent final e, a soft c, a doubled consonant read once
		assertThat(Pronunciations.spelled("grace")).isEqualTo("G R EY S");
		assertThat(Pronunciations.spelled("Shiloh")).isEqualTo("SH AY L OW");
		assertThat(Pronunciations.spelled("Annette")).isEqualTo("AE N EH T");
		assertThatThrownBy(() -> Pronunciations.spelled("123")).hasMessageContaining("no letters");
	}

	@Test
	void normalises_sermon_text_as_a_recogniser_hears_it() {
		assertThat(SermonCorpus.normalise("Turn to Romans 8:28, “All things…” — it’s good!"))
			.isEqualTo("turn to romans eight twenty eight all things it's good");
		assertThat(SpokenNumbers.of(119)).isEqualTo("one hundred nineteen");
		assertThat(SermonCorpus.spokenName(io.sermonflow.scripture.Book.COR1)).isEqualTo("first corinthians");
	}

}
