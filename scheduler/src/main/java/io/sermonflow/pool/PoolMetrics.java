package io.sermonflow.pool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.admission.PoolSlots;

import org.springframework.stereotype.Component;

/**
 * {@code sermonflow_pool_slots} and {@code sermonflow_pool_slots_used} per pool, so an
 * operator sees a pool that is always full.
 */
@Component
class PoolMetrics {

	PoolMetrics(PoolSlots pools, MeterRegistry registry) {
		pools.capacities().forEach((pool, capacity) -> {
			Gauge.builder("sermonflow.pool.slots", () -> capacity).tag("pool", pool).register(registry);
			Gauge.builder("sermonflow.pool.slots.used", () -> pools.inUse().getOrDefault(pool, 0))
				.tag("pool", pool)
				.register(registry);
		});
	}

}
