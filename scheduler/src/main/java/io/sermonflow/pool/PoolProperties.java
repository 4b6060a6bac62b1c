package io.sermonflow.pool;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Slot counts of the named pools. {@code sermonflow.pools.<name>}
 * ({@code SERMONFLOW_POOLS_<NAME>}) caps a pool across the cluster, for a limit the nodes
 * share (a provider's concurrency, say). {@code sermonflow.node-pools.<name>}
 * ({@code SERMONFLOW_NODE_POOLS_<NAME>}) caps it on each node, for work bound by the
 * node's own cores: a number, or {@code cores/N} for one slot per N cores of the node (at
 * least one). A task takes a slot when every cap its pool has allows it.
 */
@ConfigurationProperties("sermonflow")
public record PoolProperties(Map<String, Integer> pools, Map<String, String> nodePools) {

	private static final Pattern PER_CORES = Pattern.compile("cores(?:/([1-9][0-9]*))?");

	@ConstructorBinding
	public PoolProperties {
		pools = (pools == null) ? Map.of() : Map.copyOf(pools);
		nodePools = (nodePools == null) ? Map.of() : Map.copyOf(nodePools);
	}

	public PoolProperties(Map<String, Integer> pools) {
		this(pools, Map.of());
	}

	/**
	 * A per-node slot count as configured: {@code 3}, {@code cores} or {@code cores/2} on
	 * a node with {@code cores} cores; 0 for an empty value.
	 * @throws IllegalArgumentException naming the pool and the forms it takes
	 */
	static int perNode(String pool, String value, int cores) {
		String given = (value != null) ? value.strip() : "";
		if (given.isEmpty()) {
			return 0;
		}
		if (given.matches("[0-9]{1,6}")) {
			return Integer.parseInt(given);
		}
		Matcher perCores = PER_CORES.matcher(given);
		if (perCores.matches()) {
			int per = (perCores.group(1) != null) ? Integer.parseInt(perCores.group(1)) : 1;
			return Math.max(1, cores / per);
		}
		throw new IllegalArgumentException(
				"sermonflow.node-pools." + pool + " (SERMONFLOW_NODE_POOLS_" + pool.toUpperCase().replace('-', '_')
						+ ") is '" + given + "'; give a number of slots, 'cores' or 'cores/N' (one slot per N cores)");
	}

}
