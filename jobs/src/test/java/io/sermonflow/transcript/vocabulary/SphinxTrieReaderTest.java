package io.sermonflow.transcript.vocabulary;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SphinxTrieReaderTest {

	static final Path STOCK = Path.of("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin");

	@Test
	void reads_every_ngram_of_the_stock_english_model() throws Exception {
		NgramModel stock = SphinxTrieReader.read(STOCK);

		assertThat(stock.order()).isEqualTo(3);
		assertThat(stock.count(1)).isEqualTo(72_547);
		// the header's counts; sphinxbase's own ARPA writer stops short of them
		assertThat(stock.count(2)).isGreaterThan(2_000_000);
		assertThat(stock.count(3)).isGreaterThan(1_600_000);
		// as sphinx_lm_convert prints the unigrams before it stops
		assertThat(stock.prob(new int[] { stock.known("'bout") })).isCloseTo(-6.2831, within(0.0005));
		int in = stock.known("in");
		int the = stock.known("the");
		int beginning = stock.known("beginning");
		assertThat(stock.table(3).find(NgramModel.key(in, the, beginning))).isNotNegative();
		assertThat(stock.prob(new int[] { in, the, beginning }))
			.isGreaterThan(stock.prob(new int[] { the, in, beginning }));
	}

}
