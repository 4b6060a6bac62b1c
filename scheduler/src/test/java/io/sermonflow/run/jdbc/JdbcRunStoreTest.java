package io.sermonflow.run.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import io.sermonflow.run.ClaimedRuns;
import io.sermonflow.run.RunClaims;
import io.sermonflow.run.RunStore;
import io.sermonflow.run.RunStoreContract;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run store contract on PostgreSQL, in a database of its own made from the project's
 * migrations, so the rest of the suite never sees these runs.
 */
class JdbcRunStoreTest extends RunStoreContract {

	private static final String DATABASE = "sermonflow_test_runstore";

	private static DataSource dataSource;

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private JdbcRunStore runs;

	private JdbcRunClaims claims;

	private JdbcClaimedRuns claimed;

	private TransactionTemplate transaction;

	@BeforeAll
	static void aDatabaseOfItsOwn() throws Exception {
		String suiteUrl = System.getenv()
			.getOrDefault("SERMONFLOW_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/sermonflow_test");
		String server = suiteUrl.substring(0, suiteUrl.lastIndexOf('/') + 1);
		String user = System.getenv().getOrDefault("SERMONFLOW_DB_USER", "postgres");
		String password = System.getenv().getOrDefault("SERMONFLOW_DB_PASSWORD", "");
		try (Connection admin = DriverManager.getConnection(server + "postgres", user, password);
				Statement sql = admin.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
			sql.execute("CREATE DATABASE " + DATABASE);
		}
		dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), server + DATABASE, user, password);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
	}

	@BeforeEach
	void stores() {
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		RunRows rows = new RunRows(JdbcClient.create(dataSource), JsonMapper.builder().build(), this.clock);
		this.runs = new JdbcRunStore(rows);
		this.claims = new JdbcRunClaims(rows, transactions);
		this.claimed = new JdbcClaimedRuns(rows, transactions);
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	protected RunStore runs() {
		return this.runs;
	}

	@Override
	protected RunClaims claims() {
		return this.claims;
	}

	@Override
	protected ClaimedRuns claimed() {
		return this.claimed;
	}

	@Override
	protected void advance(Duration duration) {
		this.clock.now = this.clock.now.plus(duration);
	}

	@Override
	protected void inTransaction(Runnable work) {
		this.transaction.executeWithoutResult((status) -> work.run());
	}

	/** A clock the test moves on; time does not pass by itself. */
	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant start) {
			this.now = start;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
