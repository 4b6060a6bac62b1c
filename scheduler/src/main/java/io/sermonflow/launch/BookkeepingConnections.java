package io.sermonflow.launch;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connections Spring Batch's job repository works on. Inside a transaction of the
 * application's data source (a step's chunk, where a task's result and its step commit
 * together; the creation of an execution) they are that transaction's connection, and
 * commit durably with it. Outside one, where Spring Batch records an execution started or
 * ended and its context, they come from a small pool of their own whose commits do not
 * wait for the WAL flush ({@code synchronous_commit = off}): each such write is one
 * statement in autocommit, where a relaxed transaction on the main pool took four (begin,
 * set, write, commit).
 * <p>
 * Only a crash of the PostgreSQL server itself can lose such a write, and only the last
 * few hundred milliseconds of them: a durable commit flushes every earlier one, so what
 * can be lost is the bookkeeping after a run's last durable write, which leaves the run
 * RUNNING in our store, and recovery restarts it from its interrupted task as after a
 * lost node. {@code SERMONFLOW_BATCH_ASYNC_BOOKKEEPING=false} makes these writes durable
 * too (still one statement each, on the main pool).
 */
final class BookkeepingConnections extends DelegatingDataSource implements AutoCloseable {

	private final DataSource inTransaction;

	private final DataSource outside;

	private BookkeepingConnections(DataSource application, DataSource outside) {
		super(application);
		this.inTransaction = new TransactionAwareDataSourceProxy(application);
		this.outside = outside;
	}

	/**
	 * @param relaxed whether writes outside a transaction commit without waiting for the
	 * WAL flush
	 */
	static BookkeepingConnections of(DataSource application, boolean relaxed) {
		if (!relaxed || !(application instanceof HikariDataSource hikari)) {
			return new BookkeepingConnections(application, application);
		}
		HikariConfig config = new HikariConfig();
		hikari.copyStateTo(config);
		config.setPoolName("sermonflow-bookkeeping");
		// each connection is held for one statement: a few serve every worker, and the
		// node's share of the server's connections grows by half its main pool at most
		config.setMaximumPoolSize(Math.max(2, Math.min(8, hikari.getMaximumPoolSize() / 2)));
		config.setMinimumIdle(1);
		config.setAutoCommit(true);
		config.setConnectionInitSql("SET synchronous_commit = off");
		return new BookkeepingConnections(application, new HikariDataSource(config));
	}

	@Override
	public Connection getConnection() throws SQLException {
		return inTransaction() ? this.inTransaction.getConnection() : this.outside.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return inTransaction() ? this.inTransaction.getConnection(username, password)
				: this.outside.getConnection(username, password);
	}

	private boolean inTransaction() {
		return TransactionSynchronizationManager.hasResource(obtainTargetDataSource());
	}

	@Override
	public void close() {
		if (this.outside instanceof HikariDataSource own && own != getTargetDataSource()) {
			own.close();
		}
	}

}
