package io.sermonflow.pool;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slot counts of the named pools: {@code sermonflow.pools.transcode=1}, or
 * {@code SERMONFLOW_POOLS_TRANSCODE=1} in the environment.
 */
@ConfigurationProperties("sermonflow")
public record PoolProperties(Map<String, Integer> pools) {

	public PoolProperties {
		pools = (pools == null) ? Map.of() : Map.copyOf(pools);
	}

}
