package io.sermonflow.launch;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Failures of the platform under a task rather than of the task: a database connection
 * lost or refused. Like a lost node, they do not use up the run's retries.
 */
final class InfrastructureFailures {

	private InfrastructureFailures() {
	}

	static boolean isInfrastructure(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
					|| t instanceof TransactionSystemException || t instanceof DataAccessResourceFailureException
					|| t instanceof SQLTransientConnectionException) {
				return true;
			}
			// SQLSTATE class 08: connection exception; 57P01-57P03: the server terminated
			// or is
			// shutting down
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
				return true;
			}
		}
		return false;
	}

}
