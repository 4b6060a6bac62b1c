package io.sermonflow.pool;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.sermonflow.admission.PoolSlots;
import io.sermonflow.admission.Readiness;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.InvalidDagException;
import io.sermonflow.dag.TaskSpec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pool slots as rows of {@code sf_pool_slot}. Taking a slot serialises on a per-pool
 * advisory lock, so nodes never hand out more slots than the pool has.
 */
@Component
@EnableConfigurationProperties(PoolProperties.class)
public class JdbcPoolSlots implements PoolSlots {

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final Map<String, Integer> capacities;

	JdbcPoolSlots(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, PoolProperties properties,
			DagRegistry dags) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.capacities = new TreeMap<>(properties.pools());
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
				Integer capacity = this.capacities.get(task.pool());
				if (capacity == null || capacity < 1) {
					throw new InvalidDagException(dag.id(),
							"task '" + task.id() + "' uses pool '" + task.pool()
									+ "', which has no slots; configure sermonflow.pools." + task.pool()
									+ " (environment SERMONFLOW_POOLS_" + task.pool().toUpperCase().replace('-', '_')
									+ ") to 1 or more");
				}
			}
		}
	}

	@Override
	public Readiness tryAcquire(String pool, String runId, String taskId, String nodeId) {
		int capacity = this.capacities.getOrDefault(pool, 0);
		return this.ownTransaction.execute((tx) -> {
			this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('sermonflow-pool:' || ?))")
				.param(pool)
				.query()
				.singleRow();
			// a slot whose run is no longer RUNNING on the node that took it is free
			this.jdbc
				.sql("""
						DELETE FROM sf_pool_slot s WHERE s.pool = ? AND NOT EXISTS (
						    SELECT 1 FROM sf_run r WHERE r.run_id = s.run_id AND r.status = 'RUNNING' AND r.node_id = s.node_id)""")
				.param(pool)
				.update();
			int held = this.jdbc.sql("SELECT count(*) FROM sf_pool_slot WHERE pool = ?")
				.param(pool)
				.query(Integer.class)
				.single();
			boolean mine = this.jdbc.sql("SELECT count(*) FROM sf_pool_slot WHERE run_id = ? AND task_id = ?")
				.params(runId, taskId)
				.query(Integer.class)
				.single() > 0;
			if (mine) {
				return Readiness.READY;
			}
			if (held >= capacity) {
				return PoolSlots.full(pool, held, capacity);
			}
			this.jdbc
				.sql("INSERT INTO sf_pool_slot (run_id, task_id, pool, node_id, acquired_at) VALUES (?, ?, ?, ?, ?)")
				.params(runId, taskId, pool, nodeId, Timestamp.from(this.clock.instant()))
				.update();
			return Readiness.READY;
		});
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
	public Map<String, Integer> inUse() {
		Map<String, Integer> inUse = new HashMap<>();
		this.capacities.keySet().forEach((pool) -> inUse.put(pool, 0));
		this.jdbc.sql("""
				SELECT s.pool, count(*) FROM sf_pool_slot s JOIN sf_run r
				  ON r.run_id = s.run_id AND r.status = 'RUNNING' AND r.node_id = s.node_id GROUP BY s.pool""")
			.query((rs, i) -> inUse.put(rs.getString(1), rs.getInt(2)))
			.list();
		return inUse;
	}

}
