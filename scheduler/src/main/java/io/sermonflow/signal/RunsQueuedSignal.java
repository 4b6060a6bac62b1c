package io.sermonflow.signal;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Runs were queued" (or pieces of mapped tasks): sent in the transaction that queued
 * them (PostgreSQL NOTIFY is delivered at commit), heard by every worker node's
 * dispatcher. The channel's name lives here only.
 */
public final class RunsQueuedSignal {

	static final String CHANNEL = "sermonflow_runs_queued";

	private RunsQueuedSignal() {
	}

	/** Announces queued runs, at the commit of the caller's transaction. */
	public static void send(JdbcClient jdbc) {
		jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleRow();
	}

	/**
	 * A listener that calls {@code wake} on every signal, and once on each
	 * (re)connection, which may have missed signals.
	 */
	public static DatabaseChannel listener(DataSource dataSource, Runnable wake) {
		return new DatabaseChannel(dataSource, CHANNEL, wake, (payload) -> wake.run());
	}

}
