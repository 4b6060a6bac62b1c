package io.sermonflow.pool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.admission.PoolSlots;
import io.sermonflow.config.NodeIdentity;

import org.springframework.stereotype.Component;

/**
 * {@code sermonflow_pool_slots} and {@code sermonflow_pool_slots_used} per pool capped
 * across the cluster, and {@code sermonflow_pool_node_slots} and
 * {@code sermonflow_pool_node_slots_used} for this node's share of pools capped per node,
 * so an operator sees a pool that is always full.
 */
@Component
class PoolMetrics {

	PoolMetrics(PoolSlots pools, MeterRegistry registry, NodeIdentity node) {
		pools.capacities().forEach((pool, capacity) -> {
			Gauge.builder("sermonflow.pool.slots", () -> capacity).tag("pool", pool).register(registry);
			Gauge.builder("sermonflow.pool.slots.used", () -> pools.inUse().getOrDefault(pool, 0))
				.tag("pool", pool)
				.register(registry);
		});
		pools.nodeCapacities().forEach((pool, capacity) -> {
			Gauge.builder("sermonflow.pool.node.slots", () -> capacity).tag("pool", pool).register(registry);
			Gauge.builder("sermonflow.pool.node.slots.used", () -> pools.inUseOn(node.nodeId()).getOrDefault(pool, 0))
				.tag("pool", pool)
				.register(registry);
		});
	}

}
