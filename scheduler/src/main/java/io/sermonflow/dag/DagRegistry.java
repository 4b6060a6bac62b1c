package io.sermonflow.dag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DAGs this deployment knows, by id; refuses two DAGs with one id. */
public final class DagRegistry {

	private final Map<String, Dag> dags = new LinkedHashMap<>();

	public DagRegistry(List<Dag> dags) {
		for (Dag dag : dags) {
			if (this.dags.putIfAbsent(dag.id(), dag) != null) {
				throw new InvalidDagException(dag.id(), "two DAGs are declared with this id");
			}
		}
	}

	public Optional<Dag> find(String dagId) {
		return Optional.ofNullable(this.dags.get(dagId));
	}

	public List<Dag> all() {
		return List.copyOf(this.dags.values());
	}

	/** The DAGs an event starts; one event may start several. */
	public List<Dag> triggeredBy(String eventName, Map<String, Object> data) {
		return this.dags.values().stream().filter((dag) -> dag.isTriggeredBy(eventName, data)).toList();
	}

}
