package io.sermonflow.scripture;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Spoken and written references, and things that only look like them. */
class ReferenceParserTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			John three sixteen                                         | John.3.16
			for God so loved the world, John 3:16                      | John.3.16
			Romans 8:28                                                | Rom.8.28
			Romans eight twenty eight                                  | Rom.8.28
			romans chapter eight verse twenty eight                    | Rom.8.28
			Matthew chapter thirteen, verses thirty-one and thirty-two | Matt.13.31-Matt.13.32
			Matthew 13:31-32                                           | Matt.13.31-Matt.13.32
			Matthew 13:31–32                                           | Matt.13.31-Matt.13.32
			first Corinthians thirteen                                 | 1Cor.13
			1 Corinthians 13:4                                         | 1Cor.13.4
			1st Corinthians thirteen four                              | 1Cor.13.4
			second Corinthians five seventeen                          | 2Cor.5.17
			2 Cor. 5:17                                                | 2Cor.5.17
			second Timothy three sixteen                               | 2Tim.3.16
			first Timothy chapter six verse ten                        | 1Tim.6.10
			first John one nine                                        | 1John.1.9
			1 John 4:8                                                 | 1John.4.8
			third John verse four                                      | 3John.1.4
			Jude verse three                                           | Jude.1.3
			Jude 24                                                    | Jude.1.24
			Philemon six                                               | Phlm.1.6
			Obadiah fifteen                                            | Obad.1.15
			Psalm twenty three                                         | Ps.23
			Psalm 23                                                   | Ps.23
			Psalms one hundred and nineteen verse one hundred five     | Ps.119.105
			psalm one hundred nineteen                                 | Ps.119
			Psalm 119:105                                              | Ps.119.105
			Ps 46:10                                                   | Ps.46.10
			Proverbs three five through six                            | Prov.3.5-Prov.3.6
			Proverbs 3:5-6                                             | Prov.3.5-Prov.3.6
			Isaiah fifty three five                                    | Isa.53.5
			Isaiah 40:31                                               | Isa.40.31
			Jeremiah twenty nine eleven                                | Jer.29.11
			Genesis one one                                            | Gen.1.1
			Genesis chapter one                                        | Gen.1
			Exodus twenty                                              | Exod.20
			Deuteronomy six four to nine                               | Deut.6.4-Deut.6.9
			Song of Solomon two four                                   | Song.2.4
			Song of Songs 8:6                                          | Song.8.6
			Ecclesiastes three one                                     | Eccl.3.1
			Lamentations three twenty two                              | Lam.3.22
			Micah six eight                                            | Mic.6.8
			Habakkuk 2:4                                               | Hab.2.4
			Malachi three ten                                          | Mal.3.10
			John chapter three                                         | John.3
			the gospel of John 3                                       | John.3
			Mark 10:45                                                 | Mark.10.45
			Mark ten forty five                                        | Mark.10.45
			Luke fifteen eleven to thirty two                          | Luke.15.11-Luke.15.32
			Acts two thirty eight                                      | Acts.2.38
			James one two                                              | Jas.1.2
			Job nineteen twenty five                                   | Job.19.25
			Galatians five twenty two and twenty three                 | Gal.5.22-Gal.5.23
			Ephesians two eight and nine                               | Eph.2.8-Eph.2.9
			Philippians four thirteen                                  | Phil.4.13
			Hebrews eleven one                                         | Heb.11.1
			Revelation twenty one four                                 | Rev.21.4
			Revelations three twenty                                   | Rev.3.20
			Rev 22:20                                                  | Rev.22.20
			turn with me to Romans eight and then to John fifteen five | Rom.8; John.15.5
			Romans 12:1 and 1 Peter 2:9                                | Rom.12.1; 1Pet.2.9
			John three said he would come                              | -
			mark my words                                              | -
			James two said it first                                    | -
			I am three weeks late                                      | -
			he is 3 years old                                          | -
			numbers three and four                                     | -
			John forty                                                 | -
			Romans seventeen                                           | -
			Corinthians thirteen                                       | -
			Hezekiah three one                                         | -
			the first time                                             | -
			chapter one verse two                                      | -
			""")
	void finds_references_in_what_was_said(String said, String expected) {
		String found = ReferenceParser.find(ReferenceParser.tokens(said))
			.stream()
			.map((reference) -> reference.passage().osis())
			.collect(Collectors.joining("; "));
		assertThat(found).isEqualTo((expected != null) ? expected : "");
	}

	@Test
	void a_found_reference_knows_the_word_it_starts_at_and_reads_out_plainly() {
		var found = ReferenceParser.find(ReferenceParser.tokens("as Paul wrote in first Corinthians thirteen four"));
		assertThat(found).hasSize(1);
		assertThat(found.get(0).token()).isEqualTo(4);
		assertThat(found.get(0).passage().display()).isEqualTo("1 Corinthians 13:4");
		assertThat(Passage.parse("Matthew 13:31-32").display()).isEqualTo("Matthew 13:31–32");
		assertThat(Passage.parse("Matthew 13:31-32").within("Matt.13")).isTrue();
		assertThat(Passage.parse("Matthew 13:31-32").within("Matt.13.32")).isTrue();
		assertThat(Passage.parse("Matthew 13:31-32").within("Matt.14")).isFalse();
		assertThat(Passage.parse("Rom.8.28").within("Rom")).isTrue();
	}

	@Test
	void a_typed_reference_is_written_or_osis_and_a_wrong_one_is_named() {
		assertThat(Passage.parse("Romans 8:28").osis()).isEqualTo("Rom.8.28");
		assertThat(Passage.parse("1 Cor 13").osis()).isEqualTo("1Cor.13");
		assertThat(Passage.parse("Matt.13.31-Matt.13.32").osis()).isEqualTo("Matt.13.31-Matt.13.32");
		assertThat(Passage.parse("Jude 3").osis()).isEqualTo("Jude.1.3");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.parse("Hezekiah 3:1"))
			.withMessageContaining("\"Hezekiah 3:1\" names no book");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.parse("John 99:1"))
			.withMessageContaining("John has 21 chapters, not 99");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.parse("Romans 8:30-28"))
			.withMessageContaining("must end after it starts");
		assertThat(Passage.filter("rom.8")).isEqualTo("Rom.8");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.filter("Hez.3"))
			.withMessageContaining("Parameter \"passage\"");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.filter("John.99"))
			.withMessageContaining("John has 21 chapters");
		assertThatIllegalArgumentException().isThrownBy(() -> Passage.parse("grace"))
			.withMessageContaining("is not a reference");
	}

}
