package io.sermonflow.signal;

import java.sql.Connection;
import java.sql.Statement;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL LISTEN channel heard on a thread of its own: each notification's payload
 * goes to a handler. Notifications sent while the connection is down are lost, so
 * {@code onConnect} runs on every (re)connection for the caller to catch up (poll once,
 * drop a cache).
 */
public final class DatabaseChannel {

	private static final Logger log = LoggerFactory.getLogger(DatabaseChannel.class);

	private final DataSource dataSource;

	private final String channel;

	private final Runnable onConnect;

	private final Consumer<String> onNotification;

	private volatile boolean running;

	private Thread thread;

	/**
	 * @param channel a fixed SQL identifier, never user input
	 */
	public DatabaseChannel(DataSource dataSource, String channel, Runnable onConnect, Consumer<String> onNotification) {
		if (!channel.matches("[a-z_]+")) {
			throw new IllegalArgumentException("Channel name " + channel + " is not a plain identifier");
		}
		this.dataSource = dataSource;
		this.channel = channel;
		this.onConnect = onConnect;
		this.onNotification = onNotification;
	}

	public void start() {
		this.running = true;
		this.thread = new Thread(this::listen, "sermonflow-listen-" + this.channel);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	public void stop() {
		this.running = false;
		try {
			this.thread.join(2_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + this.channel);
				}
				PGConnection pg = connection.unwrap(PGConnection.class);
				this.onConnect.run();
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(500);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							this.onNotification.accept(notification.getParameter());
						}
					}
				}
			}
			catch (Exception ex) {
				if (this.running) {
					log.warn("Lost the {} notification connection, reconnecting: {}", this.channel, ex.toString());
					pause();
				}
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
