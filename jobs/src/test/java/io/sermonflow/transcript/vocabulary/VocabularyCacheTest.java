package io.sermonflow.transcript.vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sermon model's cache as the test command leaves it
 * ({@code SERMONFLOW_ASR_CACHE_DIR}, built before the suite): a build killed half-way
 * leaves its work folder, which the next look at the cache deletes.
 */
class VocabularyCacheTest {

	@Test
	void the_work_folder_of_a_killed_build_is_deleted_by_the_next_look() throws Exception {
		String configured = System.getenv("SERMONFLOW_ASR_CACHE_DIR");
		assertThat(configured).as("SERMONFLOW_ASR_CACHE_DIR, set by ./sermonflow test").isNotBlank();
		Path cache = Path.of(configured).toAbsolutePath();
		Path abandoned = Files.createTempDirectory(cache, "building-");
		Files.writeString(abandoned.resolve("half-written.arpa"), "\\data\\\n");

		Path built = VocabularyCache.ensureBuilt(cache, StockModel.DEBIAN);

		assertThat(built.resolve(VocabularyCache.READY)).isRegularFile();
		assertThat(abandoned).doesNotExist();
	}

}
