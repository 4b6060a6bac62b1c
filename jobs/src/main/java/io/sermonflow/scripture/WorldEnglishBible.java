package io.sermonflow.scripture;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The World English Bible's verse texts straight from diatheke, for builds outside the
 * database.
 */
public final class WorldEnglishBible {

	private WorldEnglishBible() {
	}

	/**
	 * Every verse's text in canonical order; empty when diatheke or the module is
	 * missing.
	 */
	public static Optional<List<String>> verseTexts() throws IOException, InterruptedException {
		return WebBibleLoader.export().map((verses) -> verses.stream().map(BibleText.Verse::text).toList());
	}

}
