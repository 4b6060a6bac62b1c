package io.sermonflow.engine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the engine tests use beside the engine: other nodes to start, and the run store's
 * records read straight from the database. Imported by {@link EngineTest} only, not a
 * scanned configuration, so no node started from this class path builds these.
 */
public class EngineTestStack {

	@Bean
	EngineNodes engineNodes(@Value("${spring.datasource.url}") String dbUrl,
			@Value("${sermonflow.sqs.endpoint}") String sqsEndpoint) {
		return new EngineNodes(dbUrl, sqsEndpoint);
	}

	@Bean
	RunFacts runFacts(JdbcClient jdbc) {
		return new RunFacts(jdbc);
	}

}
