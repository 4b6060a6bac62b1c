package io.sermonflow.signal;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

import io.sermonflow.loop.BackgroundLoop;
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

	private final BackgroundLoop loop;

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
		this.loop = BackgroundLoop.of("sermonflow-listen-" + channel, this::listen, Duration.ofSeconds(1), log);
	}

	public void start() {
		this.loop.start();
	}

	public void stop() {
		this.loop.stop(Duration.ofSeconds(2));
	}

	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/**
	 * One connection's life: LISTEN, catch up, then hand over notifications until it
	 * drops.
	 */
	private void listen() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + this.channel);
			}
			PGConnection pg = connection.unwrap(PGConnection.class);
			this.onConnect.run();
			while (this.loop.isRunning()) {
				PGNotification[] notifications = pg.getNotifications(500);
				if (notifications != null) {
					for (PGNotification notification : notifications) {
						this.onNotification.accept(notification.getParameter());
					}
				}
			}
		}
	}

}
