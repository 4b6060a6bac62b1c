package io.sermonflow.run.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.sermonflow.admission.Admission;
import io.sermonflow.admission.Candidate;
import io.sermonflow.admission.Limits;
import io.sermonflow.admission.Readiness;
import io.sermonflow.admission.Waiting;
import io.sermonflow.admission.Workers;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.run.Claim;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunClaims;
import io.sermonflow.run.TaskStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admission and recovery in PostgreSQL: claims under one advisory lock, each claim an
 * update of a run still QUEUED, so any number of nodes can dispatch without
 * double-starting a run; every claim raises the run's epoch.
 */
@Repository
class JdbcRunClaims implements RunClaims {

	/**
	 * How many queued runs one admission round looks at, in priority and arrival order.
	 */
	private static final int ADMISSION_SCAN = 500;

	/**
	 * How many a claim round looks at first: enough for the free workers when the head of
	 * the queue is not held back by its limits; the round looks at the whole scan only
	 * when it is, or when no worker is free (to say why the runs wait).
	 */
	private static final int FIRST_SCAN = 16;

	private static final int FIRST_SCAN_PER_WORKER = 4;

	/** The advisory lock that serialises admission across nodes. */
	private static final long ADMISSION_LOCK = 0x5E4D0F10L;

	private final RunRows rows;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Map<DagRegistry, Catalogue> catalogues = new java.util.concurrent.ConcurrentHashMap<>();

	/** Whether the last round found at least {@link #FIRST_SCAN} runs queued. */
	private volatile boolean longQueue;

	JdbcRunClaims(RunRows rows, PlatformTransactionManager transactionManager) {
		this.rows = rows;
		this.jdbc = rows.jdbc();
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public List<Run> claimQueued(Workers workers, DagRegistry dags, Function<String, Limits> limits) {
		Catalogue catalogue = this.catalogues.computeIfAbsent(dags, Catalogue::of);
		if (catalogue.dagIds().isEmpty()) {
			return List.of();
		}
		int scan = (workers.free() == 0) ? ADMISSION_SCAN
				: Math.min(ADMISSION_SCAN, Math.max(FIRST_SCAN, FIRST_SCAN_PER_WORKER * workers.free()));
		if (this.longQueue) {
			return this.ownTransaction.execute((tx) -> {
				// the queued-runs index walked in order and left at the limit: with
				// statistics taken while the queue was short, PostgreSQL would read every
				// queued run and sort them instead, so each claim would cost more the
				// longer the queue grew
				this.jdbc.sql("SET LOCAL enable_bitmapscan = off").update();
				return admit(workers, catalogue, limits, scan, queued(catalogue, scan));
			});
		}
		// a short queue is looked at before the transaction begins (the look is one
		// statement either way): the round that finds nothing, as most do once a run
		// ends, costs no transaction of its own
		List<Queued> queued = queued(catalogue, scan);
		if (queued.isEmpty()) {
			return List.of();
		}
		return this.ownTransaction.execute((tx) -> admit(workers, catalogue, limits, scan, queued));
	}

	/**
	 * Admits what it can of the queued runs, from a first look at {@code scan} of them
	 * and, when their limits hold the head back, the whole scan.
	 */
	private List<Run> admit(Workers workers, Catalogue catalogue, Function<String, Limits> limits, int scan,
			List<Queued> firstLook) {
		List<Queued> queued = firstLook;
		this.longQueue = queued.size() >= FIRST_SCAN;
		if (queued.isEmpty()) {
			return List.of();
		}
		// one admission at a time across all nodes, so two nodes never both take the last
		// slot. The queued runs are not locked: a run another node claimed or a user
		// cancelled since the scan is skipped by the status checks of the writes below.
		// (Locking them cost a WAL record per row, up to the whole scan per claim.)
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(ADMISSION_LOCK).query().singleRow();
		List<Candidate> running = this.jdbc
			.sql("SELECT run_id, dag_id, concurrency_key FROM sf_run WHERE status = 'RUNNING' AND dag_id IN (:dags)")
			.param("dags", catalogue.dagIds())
			.query((rs, i) -> new Candidate(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
		Map<Candidate, Readiness> decisions = new Admission(running, limits).decide(candidates(queued), workers);
		if (Admission.admitted(decisions).size() < workers.free() && queued.size() == scan) {
			// the head of the queue waits on its limits: look further
			queued = queued(catalogue, ADMISSION_SCAN);
			decisions = new Admission(running, limits).decide(candidates(queued), workers);
		}
		for (Queued q : queued) {
			Readiness readiness = decisions.get(q.candidate());
			if (!readiness.ready() && !readiness.reason().equals(q.reason())) {
				this.jdbc.sql(
						"UPDATE sf_run SET waiting_reason = ?, eligible_at = NULL WHERE run_id = ? AND status = 'QUEUED'")
					.params(readiness.reason(), q.candidate().runId())
					.update();
			}
		}
		List<String> admitted = Admission.admitted(decisions).stream().map(Candidate::runId).toList();
		if (admitted.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("UPDATE sf_run r SET status = 'RUNNING', node_id = :node, epoch = r.epoch + 1,"
					+ " waiting_reason = NULL, eligible_at = NULL, started_at = COALESCE(r.started_at, :now)"
					+ " WHERE r.run_id IN (:admitted) AND r.status = 'QUEUED' RETURNING " + RunRows.RUN_COLUMNS + """
							, (SELECT string_agg(t.task_id || ':' || t.status, ',' ORDER BY t.position) FROM sf_task t
							   WHERE t.run_id = r.run_id) AS task_states""")
			.param("node", workers.nodeId())
			.param("now", this.rows.now())
			.param("admitted", admitted)
			.query((rs, row) -> this.rows.run(rs, row).withTasks(RunRows.taskStates(rs.getString("task_states"))))
			.list()
			.stream()
			.sorted(Comparator.comparing((Run run) -> admitted.indexOf(run.runId())))
			.toList();
	}

	@Override
	public List<Orphan> orphans() {
		return this.jdbc.sql("""
				SELECT r.run_id, r.dag_id, r.node_id, r.epoch, n.lost_reason,
				       EXTRACT(EPOCH FROM now() - n.heartbeat_at) * 1000 AS silent_ms
				FROM sf_run r LEFT JOIN sf_node n ON n.node_id = r.node_id
				WHERE r.status = 'RUNNING' AND (n.node_id IS NULL OR n.lease_until < now())""").query((rs, i) -> {
			Object silent = rs.getObject("silent_ms");
			return new Orphan(new Claim(rs.getString("run_id"), rs.getString("node_id"), rs.getLong("epoch")),
					rs.getString("dag_id"), rs.getString("lost_reason"),
					(silent != null) ? Duration.ofMillis(((Number) silent).longValue()) : null);
		}).list();
	}

	@Override
	public Set<String> lost(Collection<Claim> claims) {
		if (claims.isEmpty()) {
			return Set.of();
		}
		Map<String, Claim> byRun = new HashMap<>();
		claims.forEach((claim) -> byRun.put(claim.runId(), claim));
		Set<String> held = new HashSet<>(this.jdbc.sql("""
				SELECT run_id || '|' || node_id || '|' || epoch FROM sf_run
				WHERE run_id IN (:runs) AND status = 'RUNNING'""")
			.param("runs", List.copyOf(byRun.keySet()))
			.query(String.class)
			.list());
		Set<String> lost = new HashSet<>();
		byRun.forEach((runId, claim) -> {
			if (!held.contains(runId + "|" + claim.nodeId() + "|" + claim.epoch())) {
				lost.add(runId);
			}
		});
		return lost;
	}

	@Override
	public List<Stranded> stranded(DagRegistry dags) {
		Catalogue catalogue = this.catalogues.computeIfAbsent(dags, Catalogue::of);
		if (catalogue.dagIds().isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("""
					SELECT r.run_id, r.dag_id, r.dag_version, string_agg(t.task_id, ',' ORDER BY t.position) AS missing
					FROM sf_run r JOIN sf_task t ON t.run_id = r.run_id
					WHERE r.status = 'QUEUED' AND r.dag_id IN (:dags)
					  AND (r.dag_version IS NULL OR position(',' || r.dag_id || ':' || r.dag_version || ',' IN :versions) = 0)
					  AND t.status <> 'SUCCEEDED' AND position(',' || r.dag_id || '/' || t.task_id || ',' IN :tasks) = 0
					GROUP BY r.run_id, r.dag_id, r.dag_version LIMIT 100""")
			.param("dags", catalogue.dagIds())
			.param("versions", catalogue.versions())
			.param("tasks", catalogue.tasks())
			.query((rs, i) -> new Stranded(rs.getString("run_id"), rs.getString("dag_id"), rs.getString("dag_version"),
					Arrays.asList(rs.getString("missing").split(","))))
			.list();
	}

	@Override
	public Set<String> liveVersions() {
		Set<String> versions = new HashSet<>();
		for (String list : this.jdbc.sql("SELECT dag_versions FROM sf_node WHERE lease_until > now()")
			.query(String.class)
			.list()) {
			for (String version : list.split(",")) {
				if (!version.isBlank()) {
					versions.add(version);
				}
			}
		}
		return versions;
	}

	@Override
	public void noteWaiting(String runId, Waiting waiting) {
		this.jdbc.sql("""
				UPDATE sf_run SET waiting_reason = :reason, eligible_at = :until
				WHERE run_id = :runId AND status = 'QUEUED' AND waiting_reason IS DISTINCT FROM :reason""")
			.param("reason", waiting.text())
			.param("until", RunRows.timestamp(waiting.until()))
			.param("runId", runId)
			.update();
	}

	@Override
	public boolean failQueued(String runId, String error, Collection<String> goneTasks) {
		return this.ownTransaction.execute((tx) -> {
			int updated = this.jdbc.sql("""
					UPDATE sf_run SET status = 'FAILED', error = :error, ended_at = :now, waiting_reason = NULL,
					       eligible_at = NULL, on_failure_status = 'PENDING', on_failure_due_at = :now
					WHERE run_id = :runId AND status = 'QUEUED'""")
				.param("error", error)
				.param("now", this.rows.now())
				.param("runId", runId)
				.update();
			if (updated == 0) {
				return false;
			}
			this.jdbc.sql("""
					UPDATE sf_task SET status = 'FAILED', ended_at = :now, error_type = 'DagChanged',
					       error_message = :error, error_retryable = FALSE
					WHERE run_id = :runId AND task_id IN (:gone) AND status IN (:sources)""")
				.param("now", this.rows.now())
				.param("error", error)
				.param("runId", runId)
				.param("gone", goneTasks.isEmpty() ? List.of("") : List.copyOf(goneTasks))
				.param("sources", RunRows.unfinishedSourcesOf(TaskStatus.FAILED))
				.update();
			this.rows.closeUnfinishedTasks(runId, TaskStatus.UPSTREAM_FAILED);
			return true;
		});
	}

	/**
	 * Up to {@code limit} queued runs this node can run, in priority and arrival order. A
	 * run recorded with a version this node lacks is still its to run when every task it
	 * has left is one this node has.
	 */
	private List<Queued> queued(Catalogue catalogue, int limit) {
		return this.jdbc.sql("""
				SELECT r.run_id, r.dag_id, r.concurrency_key, r.waiting_reason FROM sf_run r
				WHERE r.status = 'QUEUED' AND r.dag_id IN (:dags) AND (r.not_before IS NULL OR r.not_before <= :now)
				  AND (position(',' || r.dag_id || ':' || r.dag_version || ',' IN :versions) > 0
				       OR NOT EXISTS (SELECT 1 FROM sf_task t WHERE t.run_id = r.run_id AND t.status <> 'SUCCEEDED'
				                      AND position(',' || r.dag_id || '/' || t.task_id || ',' IN :tasks) = 0))
				ORDER BY r.priority DESC, r.seq LIMIT :scan""")
			.param("dags", catalogue.dagIds())
			.param("versions", catalogue.versions())
			.param("tasks", catalogue.tasks())
			.param("now", this.rows.now())
			.param("scan", limit)
			.query((rs, i) -> new Queued(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3)),
					rs.getString(4)))
			.list();
	}

	private static List<Candidate> candidates(List<Queued> queued) {
		return queued.stream().map(Queued::candidate).toList();
	}

	private record Queued(Candidate candidate, String reason) {
	}

	/**
	 * What a node can run, as strings a query can search: {@code ,dag:version,} for each
	 * DAG and {@code ,dag/task,} for each of its tasks.
	 */
	record Catalogue(List<String> dagIds, String versions, String tasks) {

		static Catalogue of(DagRegistry dags) {
			List<String> ids = new ArrayList<>();
			StringBuilder versions = new StringBuilder(",");
			StringBuilder tasks = new StringBuilder(",");
			for (Dag dag : dags.all()) {
				ids.add(dag.id());
				versions.append(dag.id()).append(':').append(dag.version()).append(',');
				for (TaskSpec task : dag.tasks()) {
					tasks.append(dag.id()).append('/').append(task.id()).append(',');
				}
			}
			return new Catalogue(List.copyOf(ids), versions.toString(), tasks.toString());
		}

	}

}
