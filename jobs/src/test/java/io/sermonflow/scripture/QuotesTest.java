package io.sermonflow.scripture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotesTest {

	static final BibleText.Verse MATT_13_24 = new BibleText.Verse(Book.MATT, 13, 24,
			"He set another parable before them, saying, “The Kingdom of Heaven is like a man who sowed good seed in"
					+ " his field,");

	static final BibleText.Verse MATT_13_31 = new BibleText.Verse(Book.MATT, 13, 31,
			"He set another parable before them, saying, “The Kingdom of Heaven is like a grain of mustard seed"
					+ " which a man took, and sowed in his field,");

	static final BibleText.Verse MATT_13_32 = new BibleText.Verse(Book.MATT, 13, 32,
			"which indeed is smaller than all seeds. But when it is grown, it is greater than the herbs and becomes a"
					+ " tree, so that the birds of the air come and lodge in its branches.”");

	static final BibleText.Verse JOHN_3_16 = new BibleText.Verse(Book.JOHN, 3, 16,
			"For God so loved the world, that he gave his only born Son, that whoever believes in him should not"
					+ " perish, but have eternal life.");

	/** The words of {@code text}, 0.3 s apart from {@code start}. */
	static List<Quotes.Word> spoken(double start, String text) {
		List<Quotes.Word> words = new ArrayList<>();
		for (String word : text.split(" ")) {
			words.add(new Quotes.Word(word, start + 0.3 * words.size()));
		}
		return words;
	}

	@Test
	void a_verse_read_out_is_a_quote_from_its_first_word_and_the_best_read_of_parallel_verses_wins() {
		List<Quotes.Word> words = spoken(10, "Jesus told them a story. He set another parable before them, saying,"
				+ " The Kingdom of Heaven is like a grain of mustard seed which a man took, and sowed in his field.");
		Quotes.Window window = Quotes.windows(words).get(0);
		Optional<Quotes.Reading> read31 = Quotes.reads(words, window, MATT_13_31);
		Optional<Quotes.Reading> read24 = Quotes.reads(words, window, MATT_13_24);
		assertThat(read31).isPresent();
		assertThat(read31.get().at()).isEqualTo(10 + 0.3 * 6);
		assertThat(read24).as("13:24 shares the frame").isPresent();
		assertThat(Quotes.best(List.of(read24.get(), read31.get()))).extracting(Quotes.Quote::verse)
			.containsExactly(MATT_13_31);
	}

	@Test
	void a_paraphrase_in_common_words_or_a_few_shared_words_is_no_quote() {
		List<Quotes.Word> words = spoken(0, "God loves the world so much that he gave us everything, so believe");
		assertThat(Quotes.reads(words, Quotes.windows(words).get(0), JOHN_3_16)).isEmpty();
		List<Quotes.Word> seed = spoken(0, "the kingdom of heaven is like a mustard seed");
		assertThat(Quotes.reads(seed, Quotes.windows(seed).get(0), MATT_13_31)).isEmpty();
	}

	@Test
	void windows_overlap_and_cover_every_word() {
		List<Quotes.Word> words = spoken(0, "word ".repeat(100).strip());
		List<Quotes.Window> windows = Quotes.windows(words);
		assertThat(windows.get(0).from()).isZero();
		assertThat(windows.get(1).from()).isEqualTo(Quotes.STEP);
		assertThat(windows.get(windows.size() - 1).to()).isEqualTo(100);
		assertThat(windows).allSatisfy((w) -> assertThat(w.to() - w.from()).isLessThanOrEqualTo(Quotes.WINDOW));
	}

	@Test
	void verses_read_one_after_another_become_one_passage_and_repeats_count_once() {
		List<Quotes.Quoted> merged = Quotes.merge(List.of(new Quotes.Quote(MATT_13_32, 30),
				new Quotes.Quote(MATT_13_31, 20), new Quotes.Quote(MATT_13_31, 25), new Quotes.Quote(JOHN_3_16, 5)));
		assertThat(merged).extracting((q) -> q.passage().osis()).containsExactly("John.3.16", "Matt.13.31-Matt.13.32");
		assertThat(merged.get(1).at()).isEqualTo(20);
	}

}
