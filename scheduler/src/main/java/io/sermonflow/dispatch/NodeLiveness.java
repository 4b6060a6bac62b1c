package io.sermonflow.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sermonflow.config.NodeLease;
import io.sermonflow.config.OnRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Liveness through the database session. This node holds a session-level advisory lock on
 * one long-lived connection of its own for as long as it lives; a process that dies
 * ({@code kill -9}, an OOM kill, a crash) closes its connections at once, which frees the
 * lock. Every quarter second this node looks for other nodes whose lock is free: one
 * whose lock stays free past a short grace (a database restart frees every lock, and live
 * nodes take theirs back at once) is presumed dead, and its runs are taken back then,
 * under the same fencing as after a lease ran out. The lease stays the fallback for what
 * a closed socket does not show (a frozen process); the server closes the session of a
 * node cut off by the network after {@code tcp_user_timeout} and its keepalives.
 */
@Component
@OnRole("worker")
class NodeLiveness implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

	/** The first key of every liveness lock: Sermonflow's, among advisory locks. */
	static final int LOCK_SPACE = 0x5E4D;

	private static final Duration CHECK = Duration.ofMillis(250);

	/** How long a node's lock must stay free before the node is presumed dead. */
	private static final Duration GRACE = Duration.ofMillis(750);

	/** How long the liveness session may take to answer before it counts as lost. */
	private static final int VALID_SECONDS = 10;

	private final DataSourceProperties database;

	private final JdbcClient jdbc;

	private final NodeLease lease;

	/*
	 * No reference to the Dispatcher: Spring stops a bean's dependents before the bean,
	 * whatever their phases, so a liveness that needed the dispatcher would give its lock
	 * up the moment the dispatcher began to drain, and other nodes would take back runs
	 * still finishing here. The runs recovered here are queued with a notification that
	 * wakes every dispatcher anyway.
	 */
	private final RunRecovery recovery;

	/** When each other node's lock was first seen free, while it stays free. */
	/** System.nanoTime() when each node's lock was first seen free: a monotonic grace. */
	private final Map<String, Long> freeSince = new HashMap<>();

	private ScheduledExecutorService executor;

	private Connection session;

	private Integer key;

	private volatile boolean running;

	NodeLiveness(DataSourceProperties database, JdbcClient jdbc, NodeLease lease, RunRecovery recovery) {
		this.database = database;
		this.jdbc = jdbc;
		this.lease = lease;
		this.recovery = recovery;
	}

	/** Holds the lock, taking a new session when the old one was lost. */
	private void keepSession() {
		try {
			// a slow answer on a loaded machine is not a lost session: closing it would
			// free
			// the very lock that tells other nodes this one is alive, and they would take
			// its runs back while it still runs them
			if (this.session != null && this.session.isValid(VALID_SECONDS)) {
				return;
			}
			if (this.session != null) {
				log.warn("This node's liveness session is gone; taking a new one");
			}
			closeSession();
			if (this.key == null) {
				this.key = this.jdbc.sql("SELECT nextval('sf_node_liveness_key_seq')::int")
					.query(Integer.class)
					.single();
			}
			this.session = open();
			try (PreparedStatement lock = this.session.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
				lock.setInt(1, LOCK_SPACE);
				lock.setInt(2, this.key);
				lock.executeQuery().close();
			}
			this.lease.livenessKey(this.key);
			this.lease.heartbeat();
			log.info("Holding liveness lock {} for node {}", this.key, this.lease.nodeId());
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Could not hold this node's liveness session; other nodes will rely on its lease: {}",
					ex.toString());
			this.lease.livenessKey(null);
			closeSession();
		}
	}

	/**
	 * A connection of its own, outside the pool: the server drops it, freeing the lock,
	 * when the node stops answering on it (keepalives, {@code tcp_user_timeout}).
	 */
	private Connection open() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.database.determineUsername());
		String password = this.database.determinePassword();
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("tcpKeepAlive", "true");
		properties.setProperty("ApplicationName", "sermonflow-liveness " + this.lease.nodeId());
		Connection connection = DriverManager.getConnection(this.database.determineUrl(), properties);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET tcp_keepalives_idle = 5");
			statement.execute("SET tcp_keepalives_interval = 2");
			statement.execute("SET tcp_keepalives_count = 3");
			statement.execute("SET tcp_user_timeout = 10000");
		}
		return connection;
	}

	/**
	 * Presumes dead the nodes whose lock stayed free past the grace, and takes their runs
	 * back at once.
	 */
	private void detect() {
		if (!this.lease.isHeld()) {
			return;
		}
		try {
			List<Object[]> free = this.jdbc
				.sql("""
						SELECT n.node_id, n.liveness_key FROM sf_node n
						WHERE n.node_id <> :me AND n.liveness_key IS NOT NULL AND n.lease_until > now()
						  AND NOT EXISTS (SELECT 1 FROM pg_locks l
						                  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
						                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
						                    AND l.classid::bigint = :space AND l.objid::bigint = n.liveness_key)""")
				.param("me", this.lease.nodeId())
				.param("space", LOCK_SPACE)
				.query((rs, i) -> new Object[] { rs.getString(1), rs.getInt(2) })
				.list();
			long now = System.nanoTime();
			this.freeSince.keySet().retainAll(free.stream().map((row) -> (String) row[0]).toList());
			boolean lost = false;
			for (Object[] node : free) {
				long since = this.freeSince.computeIfAbsent((String) node[0], (id) -> now);
				if (now - since >= GRACE.toNanos() && presumeDead((String) node[0], (Integer) node[1])) {
					lost = true;
				}
			}
			if (lost) {
				this.recovery.recoverOnce();
			}
		}
		catch (RuntimeException ex) {
			log.debug("Liveness check failed: {}", ex.toString());
		}
	}

	private boolean presumeDead(String nodeId, int key) {
		boolean dead = this.jdbc.sql("""
				UPDATE sf_node SET lease_until = now(), lost_reason = 'its database session closed'
				WHERE node_id = ? AND liveness_key = ? AND lease_until > now()""").params(nodeId, key).update() == 1;
		if (dead) {
			this.freeSince.remove(nodeId);
			// what the server still knows of the node's liveness session: a node declared
			// dead while its session lives (seen once under heavy load, not understood
			// yet) shows here
			List<String> sessions = this.jdbc.sql("""
					SELECT pid || ' ' || coalesce(state, '?') || ' since ' || coalesce(backend_start::text, '?')
					FROM pg_stat_activity WHERE application_name = ?""")
				.param("sermonflow-liveness " + nodeId)
				.query(String.class)
				.list();
			log.warn("Node {} is gone: its database session closed; taking its runs back (liveness sessions"
					+ " the server still has for it: {})", nodeId, sessions.isEmpty() ? "none" : sessions);
		}
		return dead;
	}

	private void closeSession() {
		if (this.session != null) {
			try {
				this.session.close();
			}
			catch (SQLException ex) {
				// it is gone already
			}
			this.session = null;
		}
	}

	@Override
	public void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sermonflow-liveness");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.executor.execute(this::keepSession);
		this.executor.scheduleWithFixedDelay(() -> {
			keepSession();
			detect();
		}, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Gives the lock up last, after the dispatcher released this node's runs, so no other
	 * node takes them back while they finish.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeSession();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before the dispatcher and stops after it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 300;
	}

}
