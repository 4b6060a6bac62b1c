package io.sermonflow.transcript.vocabulary;

import java.nio.file.Path;

/**
 * The English models of Debian's {@code pocketsphinx-en-us}: acoustic model, language
 * model and pronunciation dictionary.
 */
record StockModel(Path folder) {

	static final StockModel DEBIAN = new StockModel(Path.of("/usr/share/pocketsphinx/model/en-us"));

	Path languageModel() {
		return this.folder.resolve("en-us.lm.bin");
	}

	Path dictionary() {
		return this.folder.resolve("cmudict-en-us.dict");
	}

}
