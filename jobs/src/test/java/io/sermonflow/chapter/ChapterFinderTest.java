package io.sermonflow.chapter;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.embedding.Embedder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Chapters found from real all-MiniLM-L6-v2 embeddings of a sermon with three parts. */
class ChapterFinderTest {

	private static final List<String> BAPTISM = List.of("Jesus came to the Jordan river to be baptized by John.",
			"The water of baptism is a sign of being washed clean.",
			"When he came up out of the water the Spirit descended like a dove.",
			"We are buried with him in baptism and raised to walk in new life.",
			"John said I baptize you with water but he will baptize you with the Holy Spirit.",
			"Baptism marks the start of a life that belongs to God.");

	private static final List<String> MONEY = List.of(
			"Now let us talk about money, wages and what we do with our income.",
			"The love of money is a root of all kinds of evil.",
			"Each of you should give what you have decided, not reluctantly, for God loves a cheerful giver.",
			"Store up treasure in heaven, where moths and rust do not destroy.",
			"The widow put two small coins into the offering, more than all the rich.",
			"A budget, savings and debts are where faith meets the bank account.");

	private static final List<String> PRAYER = List.of("Finally, pray without ceasing, in every circumstance.",
			"When you pray, go into your room, close the door and pray to your Father.",
			"Our Father in heaven, hallowed be your name, your kingdom come.",
			"Ask and it will be given to you; seek and you will find; knock and the door will be opened.",
			"In the garden Jesus prayed, not my will but yours be done.",
			"Let us kneel together in prayer and bring our requests to God.");

	@Test
	void finds_the_two_changes_of_subject_in_a_sermon_of_three_parts() {
		List<String> texts = new ArrayList<>();
		for (List<String> part : List.of(BAPTISM, MONEY, PRAYER)) {
			for (int i = 0; i < 6; i++) {
				texts.add(part.get(i) + " " + part.get((i + 1) % 6) + " " + part.get((i + 3) % 6));
			}
		}
		List<float[]> vectors = new Embedder().embed(texts);
		List<ChapterFinder.Window> windows = new ArrayList<>();
		List<ChapterFinder.Line> lines = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			windows.add(new ChapterFinder.Window(i * 35.0, vectors.get(i)));
			lines.add(new ChapterFinder.Line(i * 35.0, texts.get(i)));
		}

		List<Chapter> chapters = ChapterFinder.find(windows, lines, texts.size() * 35.0 + 10);

		assertThat(chapters).extracting(Chapter::start).containsExactly(0.0, 210.0, 420.0);
		assertThat(chapters.get(0).title()).isEqualTo("Jesus came to the Jordan river to be baptized by John");
		assertThat(chapters.get(1).title()).isEqualTo("Now let us talk about money, wages…");
		assertThat(chapters.get(2).title()).isEqualTo("Finally, pray without ceasing, in every circumstance");
	}

	@Test
	void a_short_sermon_is_one_chapter_titled_from_its_first_words() {
		List<ChapterFinder.Line> lines = List.of(
				new ChapterFinder.Line(0.4, "grace is what we do not earn and cannot lose"),
				new ChapterFinder.Line(5, "amen"));

		List<Chapter> chapters = ChapterFinder.find(List.of(), lines, 60);

		assertThat(chapters).containsExactly(new Chapter(0, "Grace is what we do not earn…"));
		assertThat(ChapterFinder.find(List.of(), List.of(), 60)).isEmpty();
	}

	@Test
	void chapters_staff_write_must_be_in_order_inside_the_audio_and_fit_a_feed() {
		assertThat(Chapter.checked(List.of(new Chapter(0, "  Welcome\n home "), new Chapter(90, "Reading")), 600))
			.containsExactly(new Chapter(0, "Welcome home"), new Chapter(90, "Reading"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Chapter.checked(List.of(new Chapter(90, "Reading"), new Chapter(30, "Welcome")), 600))
			.withMessageContaining("Chapter 1 starts at 30.0 s, not after chapter 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Chapter.checked(List.of(new Chapter(0, "Welcome"), new Chapter(601, "Late")), 600))
			.withMessageContaining("past the end of the audio");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Chapter.checked(List.of(new Chapter(0, "Bell \u0007")), 600))
			.withMessageContaining("control character (U+0007)");
		assertThatIllegalArgumentException().isThrownBy(() -> Chapter.checked(List.of(new Chapter(0, " ")), 600))
			.withMessageContaining("needs a title");
	}

}
