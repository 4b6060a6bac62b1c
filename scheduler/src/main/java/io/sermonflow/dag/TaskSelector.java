package io.sermonflow.dag;

import java.util.Collection;
import java.util.Map;

/** Chooses from a run's data which tasks of the DAG it executes. */
@FunctionalInterface
public interface TaskSelector {

	Collection<String> select(Map<String, Object> data);

}
