package io.sermonflow.chaos;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos run inside the test suite: three real nodes under a steady load of
 * ledger runs, two of them killed with {@code kill -9}, one frozen past its lease, every
 * database connection terminated, the queue killed and restarted, Elasticsearch away for
 * 15 s and a rolling SIGTERM restart; nothing is lost and nothing happens twice.
 */
class ChaosTest {

	@TempDir
	Path work;

	@Test
	void a_short_chaos_run_loses_nothing_and_does_nothing_twice() throws Exception {
		String testDb = System.getenv()
			.getOrDefault("SERMONFLOW_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/sermonflow_test");
		String server = testDb.substring(0, testDb.lastIndexOf('/') + 1);
		PGSimpleDataSource admin = new PGSimpleDataSource();
		admin.setUrl(server + "postgres");
		admin.setUser(System.getenv().getOrDefault("SERMONFLOW_DB_USER", "postgres"));
		JdbcClient jdbc = JdbcClient.create(admin);
		jdbc.sql("DROP DATABASE IF EXISTS sermonflow_chaos_test WITH (FORCE)").update();
		jdbc.sql("CREATE DATABASE sermonflow_chaos_test").update();
		String esUrl = System.getenv().getOrDefault("SERMONFLOW_TEST_ES_URL", "http://127.0.0.1:9200");
		Chaos chaos = new Chaos(ChaosPlan.SHORT, server + "sermonflow_chaos_test",
				Integer.parseInt(esUrl.substring(esUrl.lastIndexOf(':') + 1)), this.work, Path.of(System.getenv()
					.getOrDefault("SERMONFLOW_ELASTICMQ_CLASSPATH", "../.sermonflow/elasticmq.classpath")));
		Chaos.Report report = chaos.run();
		System.out.println(report.table());
		assertThat(report.count("started")).as(report.table()).isPositive();
		assertThat(report.count("lost")).as(report.table()).isZero();
		assertThat(report.count("duplicates")).as(report.table()).isZero();
		assertThat(report.count("missing_effects")).as(report.table()).isZero();
		assertThat(report.count("failed")).as(report.table()).isEqualTo(report.count("on_failure_done"));
		assertThat(report.drained()).as(report.table()).isTrue();
		assertThat(report.failovers()).as(report.table()).isNotEmpty();
		assertThat(report.passed()).as(report.table()).isTrue();
	}

}
