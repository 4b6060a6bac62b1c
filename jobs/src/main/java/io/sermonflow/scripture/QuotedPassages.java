package io.sermonflow.scripture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sermonflow.embedding.Embedder;
import io.sermonflow.error.RetryableException;

import org.springframework.stereotype.Component;

/**
 * Passages a transcript reads out: each window of words is embedded, its candidate verses
 * come from the {@link VerseIndex} (by meaning and by words), and {@link Quotes} keeps
 * those whose own words are spoken there.
 */
@Component
public class QuotedPassages {

	private static final int CANDIDATES = 3;

	private final VerseIndex verses;

	private final Embedder embedder;

	QuotedPassages(VerseIndex verses, Embedder embedder) {
		this.verses = verses;
		this.embedder = embedder;
	}

	/**
	 * The quoted passages in time order; empty (not searched) while the index is built.
	 */
	public Optional<List<Quotes.Quoted>> find(List<Quotes.Word> words) {
		if (!this.verses.ready()) {
			return Optional.empty();
		}
		List<Quotes.Window> windows = Quotes.windows(words);
		List<float[]> vectors = this.embedder.embed(windows.stream().map(Quotes.Window::text).toList());
		List<Quotes.Quote> quotes = new ArrayList<>();
		try {
			for (int w = 0; w < windows.size(); w++) {
				Quotes.Window window = windows.get(w);
				List<Quotes.Reading> readings = new ArrayList<>();
				for (BibleText.Verse verse : this.verses.candidates(window.text(), vectors.get(w), CANDIDATES)) {
					Quotes.reads(words, window, verse).ifPresent(readings::add);
				}
				quotes.addAll(Quotes.best(readings));
			}
		}
		catch (IOException ex) {
			throw new RetryableException("Elasticsearch is unavailable: " + ex.getMessage(), ex);
		}
		return Optional.of(Quotes.merge(quotes));
	}

}
