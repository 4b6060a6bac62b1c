package io.sermonflow.sermon.reembed;

import java.time.Duration;
import java.util.List;

import io.sermonflow.dag.Dag;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code sermon-reembed}: every transcript into a fresh index, swapped in at the end. */
@Configuration(proxyBeanMethods = false)
class ReembedDag {

	/**
	 * Re-embeds every transcript into a new index and swaps it in: weekly
	 * ({@code SERMONFLOW_REEMBED_CRON}) and on {@code sermon/reembed.requested}.
	 */
	@Bean
	Dag sermonReembed(Reembedding reembedding, @Value("${sermonflow.reembed-cron:0 0 3 ? * SUN}") String cron) {
		return Dag.dag("sermon-reembed")
			.triggeredBy("sermon/reembed.requested")
			.schedule(cron)
			.maxActiveRuns(1)
			.retries(2, Duration.ofMinutes(1), Duration.ofMinutes(10))
			.task("create_index", reembedding::createIndex)
			.chunkTask("reembed_chunks", List.of("create_index"), reembedding.reembedChunks())
			.task("verify_count", List.of("reembed_chunks"), reembedding::verifyCount)
			.task("swap_alias", List.of("verify_count"), reembedding::swapAlias)
			.build();
	}

}
