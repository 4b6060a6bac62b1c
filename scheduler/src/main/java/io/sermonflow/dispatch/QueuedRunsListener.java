package io.sermonflow.dispatch;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.sermonflow.config.OnRole;
import io.sermonflow.run.jdbc.JdbcRunStore;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this node's dispatcher when any node queues runs, through PostgreSQL
 * LISTEN/NOTIFY: push, not poll. The dispatcher's slow poll remains the safety net while
 * this connection is down.
 */
@Component
@OnRole("worker")
class QueuedRunsListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueuedRunsListener.class);

	private final DataSource dataSource;

	private final Dispatcher dispatcher;

	private volatile boolean running;

	private Thread thread;

	QueuedRunsListener(DataSource dataSource, Dispatcher dispatcher) {
		this.dataSource = dataSource;
		this.dispatcher = dispatcher;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + JdbcRunStore.RUNS_QUEUED_CHANNEL);
				}
				PGConnection pg = connection.unwrap(PGConnection.class);
				this.dispatcher.wake();
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(500);
					if (notifications != null && notifications.length > 0) {
						this.dispatcher.wake();
					}
				}
			}
			catch (Exception ex) {
				if (this.running) {
					log.warn("Lost the queued-runs notification connection, reconnecting: {}", ex.toString());
					sleep(Duration.ofSeconds(1));
				}
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "sermonflow-listen");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.thread.join(2_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
