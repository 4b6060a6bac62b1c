package io.sermonflow.pool;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.sermonflow.admission.PoolSlots;
import io.sermonflow.admission.Readiness;
import io.sermonflow.admission.Waiting;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.InvalidDagException;
import io.sermonflow.dag.TaskSpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pool slots as rows of {@code sf_pool_slot}. Taking a slot serialises on a per-pool
 * advisory lock, so nodes never hand out more slots than the pool has, across the cluster
 * or on one node.
 */
@Component
@EnableConfigurationProperties(PoolProperties.class)
public class JdbcPoolSlots implements PoolSlots {

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	/** Cluster-wide caps. */
	private final Map<String, Integer> capacities;

	/** This node's caps. */
	private final Map<String, Integer> nodeCapacities;

	@Autowired
	JdbcPoolSlots(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, PoolProperties properties,
			DagRegistry dags) {
		this(jdbc, transactions, clock, properties, dags, Runtime.getRuntime().availableProcessors());
	}

	JdbcPoolSlots(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, PoolProperties properties,
			DagRegistry dags, int cores) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.capacities = new TreeMap<>(properties.pools());
		this.capacities.values().removeIf((capacity) -> capacity == null || capacity < 1);
		this.nodeCapacities = new TreeMap<>();
		properties.nodePools().forEach((pool, value) -> {
			int slots = PoolProperties.perNode(pool, value, cores);
			if (slots > 0) {
				this.nodeCapacities.put(pool, slots);
			}
		});
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		checkDeclaredPools(dags);
	}

	/**
	 * A task in a pool nobody configured would wait for ever: refuse to start instead.
	 */
	private void checkDeclaredPools(DagRegistry dags) {
		for (Dag dag : dags.all()) {
			for (TaskSpec task : dag.tasks()) {
				if (task.pool() == null) {
					continue;
				}
				if (!this.capacities.containsKey(task.pool()) && !this.nodeCapacities.containsKey(task.pool())) {
					String env = task.pool().toUpperCase().replace('-', '_');
					throw new InvalidDagException(dag.id(),
							"task '" + task.id() + "' uses pool '" + task.pool()
									+ "', which has no slots; configure sermonflow.node-pools." + task.pool()
									+ " (environment SERMONFLOW_NODE_POOLS_" + env
									+ ") for each node or sermonflow.pools." + task.pool()
									+ " (environment SERMONFLOW_POOLS_" + env + ") for the cluster, to 1 or more");
				}
			}
		}
	}

	@Override
	public Readiness tryAcquire(String pool, String runId, String taskId, String nodeId) {
		return this.ownTransaction.execute((tx) -> {
			boolean mine = this.jdbc.sql("SELECT count(*) FROM sf_pool_slot WHERE run_id = ? AND task_id = ?")
				.params(runId, taskId)
				.query(Integer.class)
				.single() > 0;
			if (mine) {
				return Readiness.READY;
			}
			Readiness room = room(pool, nodeId);
			if (room.ready()) {
				this.jdbc.sql(
						"INSERT INTO sf_pool_slot (run_id, task_id, pool, node_id, acquired_at) VALUES (?, ?, ?, ?, ?)")
					.params(runId, taskId, pool, nodeId, Timestamp.from(this.clock.instant()))
					.update();
			}
			return room;
		});
	}

	/**
	 * Locks the pool until the caller's transaction ends and answers whether the node may
	 * take one more slot: the slots tasks hold (a slot whose run is no longer RUNNING on
	 * the node that took it is freed here) and the pieces RUNNING of runs not ended,
	 * across the cluster and on the node, against the pool's caps.
	 */
	@Override
	public Readiness room(String pool, String nodeId) {
		int capacity = this.capacities.getOrDefault(pool, 0);
		int onNode = this.nodeCapacities.getOrDefault(pool, 0);
		if (capacity == 0 && onNode == 0) {
			return PoolSlots.full(pool, 0, 0);
		}
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('sermonflow-pool:' || ?))")
			.param(pool)
			.query()
			.singleRow();
		this.jdbc
			.sql("""
					DELETE FROM sf_pool_slot s WHERE s.pool = ? AND NOT EXISTS (
					    SELECT 1 FROM sf_run r WHERE r.run_id = s.run_id AND r.status = 'RUNNING' AND r.node_id = s.node_id)""")
			.param(pool)
			.update();
		int[] held = this.jdbc
			.sql("""
					SELECT count(*), count(*) FILTER (WHERE node_id = ?) FROM (
					    SELECT node_id FROM sf_pool_slot WHERE pool = ?
					    UNION ALL SELECT p.node_id FROM sf_task_piece p JOIN sf_run r ON r.run_id = p.run_id
					      AND r.status IN ('QUEUED', 'RUNNING', 'RETRY_WAIT') WHERE p.pool = ? AND p.status = 'RUNNING') held""")
			.params(nodeId, pool, pool)
			.query((rs, i) -> new int[] { rs.getInt(1), rs.getInt(2) })
			.single();
		if (capacity > 0 && held[0] >= capacity) {
			return PoolSlots.full(pool, held[0], capacity);
		}
		if (onNode > 0 && held[1] >= onNode) {
			return Readiness.blocked(Waiting.poolFullOnNode(pool, held[1], onNode, nodeId));
		}
		return Readiness.READY;
	}

	@Override
	public void release(String runId, String taskId) {
		this.jdbc.sql("DELETE FROM sf_pool_slot WHERE run_id = ? AND task_id = ?").params(runId, taskId).update();
	}

	@Override
	public Map<String, Integer> capacities() {
		return Map.copyOf(this.capacities);
	}

	@Override
	public Map<String, Integer> nodeCapacities() {
		return Map.copyOf(this.nodeCapacities);
	}

	@Override
	public Map<String, Integer> inUseOn(String nodeId) {
		return held(this.nodeCapacities, nodeId);
	}

	@Override
	public Map<String, Integer> inUse() {
		return held(this.capacities, null);
	}

	/**
	 * Slots held by runs still RUNNING on the node that took them, and by pieces RUNNING
	 * (of runs not ended), for every pool of {@code pools}: on {@code nodeId}, or across
	 * the cluster when it is null.
	 */
	private Map<String, Integer> held(Map<String, Integer> pools, String nodeId) {
		Map<String, Integer> inUse = new HashMap<>();
		pools.keySet().forEach((pool) -> inUse.put(pool, 0));
		this.jdbc.sql("""
				SELECT pool, count(*) FROM (
				    SELECT s.pool, s.node_id FROM sf_pool_slot s JOIN sf_run r
				      ON r.run_id = s.run_id AND r.status = 'RUNNING' AND r.node_id = s.node_id
				    UNION ALL SELECT p.pool, p.node_id FROM sf_task_piece p JOIN sf_run r
				      ON r.run_id = p.run_id AND r.status IN ('QUEUED', 'RUNNING', 'RETRY_WAIT')
				     WHERE p.status = 'RUNNING') held
				 WHERE CAST(? AS VARCHAR) IS NULL OR node_id = ? GROUP BY pool""")
			.params(nodeId, nodeId)
			.query((rs, i) -> inUse.put(rs.getString(1), rs.getInt(2)))
			.list();
		return inUse;
	}

}
