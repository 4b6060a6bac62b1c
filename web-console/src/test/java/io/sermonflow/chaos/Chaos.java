package io.sermonflow.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.bench.Stats;
import io.sermonflow.media.TestAudio;
import io.sermonflow.support.Api;
import io.sermonflow.testing.TcpProxy;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./sermonflow chaos}: a bounded, self-stopping run on the local stack (loopback
 * only) that starts a cluster of real nodes against one PostgreSQL, SQS and
 * Elasticsearch, feeds it a steady load of {@code demo-ledger} runs (each task records
 * its effect once, under a unique key) and a few sermons, injects faults in turn, drains,
 * and prints one table: what started, succeeded, was lost or doubled, how long failover
 * took, and how long any run went without progress. It fails (exit status 1) on any loss
 * or duplicate.
 */
public final class Chaos {

	private final ChaosPlan plan;

	private final JdbcClient jdbc;

	private final String dbUrl;

	private final int esPort;

	private final Path work;

	private final Path elasticMqClasspath;

	private final Random random = new Random();

	private final List<Instant[]> faultWindows = new ArrayList<>();

	private final List<Double> failovers = new ArrayList<>();

	private final List<String> log = new ArrayList<>();

	private Double frozenTakenBackAfter;

	Chaos(ChaosPlan plan, String dbUrl, int esPort, Path work, Path elasticMqClasspath) {
		this.plan = plan;
		this.dbUrl = dbUrl;
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(dbUrl);
		dataSource.setUser(System.getenv().getOrDefault("SERMONFLOW_DB_USER", "postgres"));
		this.jdbc = JdbcClient.create(dataSource);
		this.esPort = esPort;
		this.work = work;
		this.elasticMqClasspath = elasticMqClasspath;
	}

	public static void main(String[] args) throws Exception {
		ChaosPlan plan = (args.length > 0 && args[0].equals("short")) ? ChaosPlan.SHORT : ChaosPlan.FULL;
		Path work = Files.createTempDirectory("sermonflow-chaos");
		Chaos chaos = new Chaos(plan, System.getProperty("chaos.db.url"), Integer.getInteger("chaos.es.port", 9200),
				work, Path.of(System.getProperty("chaos.elasticmq.classpath", ".sermonflow/elasticmq.classpath")));
		Report report = chaos.run();
		System.out.println(report.table());
		System.exit(report.passed() ? 0 : 1);
	}

	Report run() throws Exception {
		Instant began = Instant.now();
		try (LocalQueue queue = new LocalQueue(this.work.resolve("sqs"), ChaosCluster.freePort(),
				this.elasticMqClasspath); TcpProxy search = new TcpProxy(this.esPort)) {
			queue.start();
			try (ChaosCluster cluster = new ChaosCluster(this.jdbc, this.dbUrl, queue.endpoint(),
					"http://127.0.0.1:" + search.port(), Files.createDirectories(this.work.resolve("data")),
					this.plan.lease())) {
				for (int i = 0; i < this.plan.nodes(); i++) {
					cluster.add();
				}
				for (ChaosCluster.Node node : cluster.nodes()) {
					cluster.awaitReady(node, Duration.ofMinutes(3));
				}
				note("cluster of " + cluster.nodes().size() + " nodes up");
				Load load = new Load(cluster);
				Thread loader = new Thread(load, "chaos-load");
				loader.start();
				// the nodes' first seconds run interpreted: not what the quiet window
				// measures
				Instant warm = fault("warm-up");
				pause(this.plan.warmUp());
				endFault(warm);
				pause(this.plan.quiet());
				uploadSermons(cluster);
				injectFaults(cluster, queue, search);
				load.stop();
				loader.join();
				Instant lastFault = Instant.now();
				boolean drained = drain(lastFault.plus(this.plan.drain()));
				note("drained: " + drained);
				return report(load, drained, Duration.between(began, Instant.now()), lastFault);
			}
		}
	}

	private void injectFaults(ChaosCluster cluster, LocalQueue queue, TcpProxy search) throws Exception {
		for (int i = 0; i < this.plan.kills(); i++) {
			ChaosCluster.Node victim = busiest(cluster);
			String nodeId = cluster.nodeId(victim);
			List<String> running = runningOn(nodeId);
			Instant killed = fault("kill -9 node " + victim.index + " (" + running.size() + " runs on it)");
			cluster.killHard(victim);
			if (!running.isEmpty()) {
				Double seconds = awaitFailover(running, nodeId, killed, Duration.ofSeconds(90));
				if (seconds != null) {
					this.failovers.add(seconds);
				}
			}
			cluster.start(victim);
			cluster.awaitReady(victim, Duration.ofMinutes(3));
			endFault(killed);
			pause(Duration.ofSeconds(5));
		}
		if (this.plan.freeze()) {
			ChaosCluster.Node victim = busiest(cluster);
			String nodeId = cluster.nodeId(victim);
			List<String> running = runningOn(nodeId);
			Instant frozen = fault("SIGSTOP node " + victim.index + " past its lease");
			cluster.freeze(victim);
			if (!running.isEmpty()) {
				this.frozenTakenBackAfter = awaitFailover(running, nodeId, frozen,
						this.plan.lease().multipliedBy(3).plusSeconds(30));
			}
			else {
				pause(this.plan.lease().plusSeconds(5));
			}
			cluster.thaw(victim);
			endFault(frozen);
			pause(Duration.ofSeconds(10));
		}
		if (this.plan.restartPostgres()) {
			Instant at = fault("PostgreSQL restarted");
			String cluster15 = new String(new ProcessBuilder("sh", "-c", "ls /etc/postgresql | head -1").start()
				.getInputStream()
				.readAllBytes(), StandardCharsets.UTF_8).strip();
			exec("pg_ctlcluster", "--skip-systemctl-redirect", cluster15, "main", "restart");
			pause(Duration.ofSeconds(10));
			endFault(at);
		}
		if (this.plan.terminateConnections()) {
			Instant at = fault("every database connection terminated");
			this.jdbc.sql("""
					SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
					WHERE datname = current_database() AND pid <> pg_backend_pid()""").query(Long.class).single();
			pause(Duration.ofSeconds(10));
			endFault(at);
		}
		if (this.plan.restartQueue()) {
			Instant at = fault("ElasticMQ killed with kill -9, restarted 5 s later");
			queue.kill();
			pause(Duration.ofSeconds(5));
			queue.start();
			pause(Duration.ofSeconds(10));
			endFault(at);
		}
		if (!this.plan.searchOutage().isZero()) {
			Instant at = fault("Elasticsearch unreachable for " + this.plan.searchOutage().toSeconds() + " s");
			uploadSermons(cluster);
			search.down();
			pause(this.plan.searchOutage());
			search.up();
			endFault(at);
			pause(Duration.ofSeconds(5));
		}
		if (this.plan.rollingRestart()) {
			Instant at = fault("SIGTERM rolling restart of every node");
			for (ChaosCluster.Node node : cluster.nodes()) {
				cluster.terminate(node, Duration.ofSeconds(90));
				cluster.start(node);
				cluster.awaitReady(node, Duration.ofMinutes(3));
			}
			endFault(at);
		}
	}

	/**
	 * Seconds from {@code since} until a task of one of {@code runs} started on a node
	 * other than {@code from}, from the tasks' recorded start times; null if none did
	 * within the ceiling.
	 */
	private Double awaitFailover(List<String> runs, String from, Instant since, Duration ceiling)
			throws InterruptedException {
		long deadline = System.nanoTime() + ceiling.toNanos();
		while (System.nanoTime() < deadline) {
			Timestamp first = this.jdbc.sql("""
					SELECT min(started_at) FROM sf_task
					WHERE run_id IN (:runs) AND node_id <> :from AND started_at > :since""")
				.param("runs", runs)
				.param("from", from)
				.param("since", Timestamp.from(since))
				.query(Timestamp.class)
				.optional()
				.orElse(null);
			if (first != null) {
				return Duration.between(since, first.toInstant()).toMillis() / 1000.0;
			}
			Thread.sleep(100);
		}
		note("no run of " + from + " started again within " + ceiling);
		return null;
	}

	/** The live node holding the most RUNNING runs. */
	private ChaosCluster.Node busiest(ChaosCluster cluster) {
		ChaosCluster.Node busiest = null;
		int most = -1;
		for (ChaosCluster.Node node : cluster.nodes()) {
			String id = node.alive() ? cluster.nodeId(node) : null;
			int running = (id != null) ? runningOn(id).size() : -1;
			if (running > most) {
				busiest = node;
				most = running;
			}
		}
		return busiest;
	}

	private List<String> runningOn(String nodeId) {
		return this.jdbc.sql("SELECT run_id FROM sf_run WHERE status = 'RUNNING' AND node_id = ?")
			.param(nodeId)
			.query(String.class)
			.list();
	}

	private void uploadSermons(ChaosCluster cluster) throws Exception {
		for (int i = 0; i < this.plan.sermons(); i++) {
			Path tone = TestAudio.tone(this.work.resolve("sermon-" + UUID.randomUUID() + ".mp3"), 20, 220 + 40 * i);
			for (ChaosCluster.Node node : cluster.nodes()) {
				if (node.alive()) {
					Api.Reply reply = Api.admin(node.port)
						.upload("/api/sermons",
								Map.of("title", "Chaos " + i, "preacher", "Ann Example", "preachedOn", "2026-11-22"),
								tone);
					if (reply.status() == 201) {
						break;
					}
				}
			}
		}
	}

	/**
	 * Waits until every accepted ledger event and every sermon has ended in a terminal
	 * run; false when the deadline passes first.
	 */
	private boolean drain(Instant deadline) throws InterruptedException {
		while (Instant.now().isBefore(deadline)) {
			if (unfinished() == 0) {
				return true;
			}
			Thread.sleep(1000);
		}
		return unfinished() == 0;
	}

	/** Accepted events without a run, and runs not ended. */
	private long unfinished() {
		return this.jdbc.sql("""
				SELECT (SELECT count(*) FROM sf_event e WHERE e.name IN ('demo/ledger', 'sermon/uploaded')
				          AND NOT EXISTS (SELECT 1 FROM sf_run r WHERE r.event_id = e.event_id))
				     + (SELECT count(*) FROM sf_run WHERE status IN ('QUEUED', 'RUNNING', 'RETRY_WAIT'))
				     + (SELECT count(*) FROM sf_run WHERE status = 'FAILED'
				          AND (on_failure_status IS NULL OR on_failure_status IN ('PENDING', 'RUNNING')))""")
			.query(Long.class)
			.single();
	}

	private Report report(Load load, boolean drained, Duration took, Instant lastFault) {
		Map<String, Object> counts = this.jdbc.sql("""
				SELECT (SELECT count(*) FROM sf_event WHERE name = 'demo/ledger') AS accepted,
				       (SELECT count(*) FROM sf_run WHERE dag_id = 'demo-ledger') AS started,
				       (SELECT count(*) FROM sf_run WHERE dag_id = 'demo-ledger' AND status = 'SUCCEEDED') AS succeeded,
				       (SELECT count(*) FROM sf_run WHERE status = 'FAILED') AS failed,
				       (SELECT count(*) FROM sf_run WHERE status = 'FAILED'
				          AND on_failure_status IN ('SUCCEEDED', 'FAILED', 'NONE')) AS on_failure_done,
				       (SELECT count(*) FROM sf_event e WHERE e.name = 'demo/ledger'
				          AND NOT EXISTS (SELECT 1 FROM sf_run r WHERE r.event_id = e.event_id
				                            AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED'))) AS lost,
				       (SELECT count(*) FROM sf_demo_ledger_duplicate) AS duplicates,
				       (SELECT count(*) FROM sf_run r JOIN sf_task t ON t.run_id = r.run_id
				        WHERE r.dag_id = 'demo-ledger' AND r.status = 'SUCCEEDED' AND NOT EXISTS (
				          SELECT 1 FROM sf_demo_ledger l WHERE l.run_id = t.run_id AND l.task_id = t.task_id))
				        AS missing_effects,
				       (SELECT count(*) FROM sf_run WHERE dag_id = 'sermon-ingest') AS sermons,
				       (SELECT count(*) FROM sf_run WHERE dag_id = 'sermon-ingest' AND status = 'SUCCEEDED')
				        AS sermons_published,
				       (SELECT count(*) FROM sf_run WHERE node_recoveries > 0) AS recovered""").query().singleRow();
		// a run with a single point in time (created, never started: it ended before any
		// task, e.g. cancelled) has no gap to measure
		List<Double> stalls = this.jdbc.sql("""
				SELECT max(EXTRACT(EPOCH FROM gap)) FROM (
				  SELECT run_id, at - lag(at) OVER (PARTITION BY run_id ORDER BY at) AS gap FROM (
				    SELECT run_id, created_at AS at FROM sf_run WHERE dag_id = 'demo-ledger'
				    UNION ALL SELECT t.run_id, t.started_at FROM sf_task t JOIN sf_run r USING (run_id)
				      WHERE r.dag_id = 'demo-ledger' AND t.started_at IS NOT NULL
				    UNION ALL SELECT t.run_id, t.ended_at FROM sf_task t JOIN sf_run r USING (run_id)
				      WHERE r.dag_id = 'demo-ledger' AND t.ended_at IS NOT NULL) points) gaps
				WHERE gap IS NOT NULL
				GROUP BY run_id""").query(Double.class).list();
		List<Double> latencies = new ArrayList<>();
		for (Object[] row : this.jdbc.sql("""
				SELECT e.accepted_at, EXTRACT(EPOCH FROM t.started_at - e.accepted_at) * 1000
				FROM sf_event e JOIN sf_run r ON r.event_id = e.event_id
				JOIN sf_task t ON t.run_id = r.run_id AND t.position = 0
				WHERE e.name = 'demo/ledger' AND r.node_recoveries = 0 AND r.attempt = 1""")
			.query((rs, i) -> new Object[] { rs.getTimestamp(1).toInstant(), rs.getDouble(2) })
			.list()) {
			if (outsideFaults((Instant) row[0])) {
				latencies.add((Double) row[1]);
			}
		}
		return new Report(this.plan, counts, load.accepted.get(), load.refused.get(), this.failovers,
				this.frozenTakenBackAfter, stalls, latencies, drained, took, this.log);
	}

	/** Whether an event came outside every fault, and its aftermath (10 s). */
	private boolean outsideFaults(Instant at) {
		for (Instant[] window : this.faultWindows) {
			Instant end = (window[1] != null) ? window[1] : Instant.MAX;
			if (!at.isBefore(window[0].minusSeconds(1)) && at.isBefore(end.plusSeconds(10))) {
				return false;
			}
		}
		return true;
	}

	private Instant fault(String what) {
		Instant at = Instant.now();
		this.faultWindows.add(new Instant[] { at, null });
		note(what);
		return at;
	}

	private void endFault(Instant start) {
		for (Instant[] window : this.faultWindows) {
			if (window[0].equals(start)) {
				window[1] = Instant.now();
			}
		}
	}

	private void note(String what) {
		String line = Instant.now() + " " + what;
		this.log.add(line);
		System.err.println("[chaos] " + line);
	}

	private static void pause(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	private static void exec(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

	/**
	 * Posts {@code demo/ledger} events at the plan's rate to a live node, another when
	 * one does not answer, as a client with retries would.
	 */
	private final class Load implements Runnable {

		private final ChaosCluster cluster;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger accepted = new AtomicInteger();

		private final AtomicInteger refused = new AtomicInteger();

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

		private final String authorization = "Basic "
				+ Base64.getEncoder().encodeToString(("admin:" + Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

		Load(ChaosCluster cluster) {
			this.cluster = cluster;
		}

		void stop() {
			this.running.set(false);
		}

		@Override
		public void run() {
			long interval = (long) (1000 / Chaos.this.plan.eventsPerSecond());
			while (this.running.get()) {
				String id = "chaos-" + UUID.randomUUID();
				String body = "{\"name\":\"demo/ledger\",\"id\":\"" + id + "\",\"data\":{\"tasks\":"
						+ Chaos.this.plan.tasksPerRun() + ",\"sleepMs\":" + Chaos.this.plan.taskSleep().toMillis()
						+ "}}";
				if (post(body)) {
					this.accepted.incrementAndGet();
				}
				else {
					this.refused.incrementAndGet();
				}
				try {
					Thread.sleep(interval);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private boolean post(String body) {
			for (int attempt = 0; attempt < 10; attempt++) {
				List<ChaosCluster.Node> live = this.cluster.nodes().stream().filter(ChaosCluster.Node::alive).toList();
				if (!live.isEmpty()) {
					ChaosCluster.Node node = live.get(Chaos.this.random.nextInt(live.size()));
					try {
						HttpResponse<String> response = this.http
							.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/events"))
								.timeout(Duration.ofSeconds(10))
								.header("Authorization", this.authorization)
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(body))
								.build(), HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() == 202) {
							return true;
						}
					}
					catch (Exception ex) {
						// that node is away: the next try goes to another
					}
				}
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return false;
		}

	}

	/** What a chaos run found. */
	record Report(ChaosPlan plan, Map<String, Object> counts, int clientAccepted, int clientRefused,
			List<Double> failovers, Double frozenTakenBackAfter, List<Double> stalls, List<Double> latencies,
			boolean drained, Duration took, List<String> log) {

		long count(String name) {
			return ((Number) this.counts.get(name)).longValue();
		}

		boolean passed() {
			return this.drained && count("lost") == 0 && count("duplicates") == 0 && count("missing_effects") == 0
					&& count("failed") == count("on_failure_done") && count("accepted") >= this.clientAccepted;
		}

		String table() {
			StringBuilder out = new StringBuilder();
			out.append("| measure (" + this.plan.name() + " chaos run, " + this.plan.nodes() + " nodes, "
					+ this.took.toMinutes() + " min) | value | target |\n|---|---|---|\n");
			row(out, "events accepted (by the API; the client saw " + this.clientAccepted + " accepted, "
					+ this.clientRefused + " given up)", count("accepted"), "");
			row(out, "demo-ledger runs started", count("started"), "");
			row(out, "demo-ledger runs SUCCEEDED", count("succeeded"), "");
			row(out, "runs lost (accepted, no terminal run after the drain)", count("lost"), "0");
			row(out, "duplicated effects (a task's effect recorded twice)", count("duplicates"), "0");
			row(out, "missing effects (a SUCCEEDED run without a task's effect)", count("missing_effects"), "0");
			row(out, "failed runs / onFailure done", count("failed") + " / " + count("on_failure_done"), "equal");
			row(out, "runs taken back from a lost node at least once", count("recovered"), "");
			if (this.plan.sermons() > 0) {
				row(out, "sermons published / uploaded", count("sermons_published") + " / " + count("sermons"), "");
			}
			row(out, "failover after kill -9, p50 / max (n = " + this.failovers.size() + ")",
					seconds(Stats.percentile(this.failovers, 50)) + " / "
							+ seconds(Stats.percentile(this.failovers, 100)),
					"≤ 3 s");
			if (this.plan.freeze()) {
				row(out, "a frozen node's runs going on elsewhere after",
						(this.frozenTakenBackAfter != null) ? seconds(this.frozenTakenBackAfter) : "none were running",
						"within the lease (" + this.plan.lease().toSeconds() + " s) + recovery");
			}
			row(out, "longest a run went without progress", seconds(Stats.percentile(this.stalls, 100)), "");
			row(out, "event → first task outside fault windows, p50 / p99 (n = " + this.latencies.size() + ")",
					String.format("%.0f ms / %.0f ms", Stats.percentile(this.latencies, 50),
							Stats.percentile(this.latencies, 99)),
					"p99 ≤ 250 ms");
			row(out, "every accepted event ended in a terminal run within " + this.plan.drain().toMinutes()
					+ " min of the last fault", this.drained ? "yes" : "NO", "yes");
			row(out, "verdict", passed() ? "passed" : "FAILED", "passed");
			return out.toString();
		}

		private static void row(StringBuilder out, String measure, Object value, String target) {
			out.append("| ").append(measure).append(" | ").append(value).append(" | ").append(target).append(" |\n");
		}

		private static String seconds(double value) {
			return Double.isNaN(value) ? "–" : String.format("%.1f s", value);
		}

	}

}
