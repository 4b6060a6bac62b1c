package io.sermonflow.control;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

import io.sermonflow.dag.DagRegistry;
import io.sermonflow.signal.RunsQueuedSignal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which DAGs are paused: their runs stay QUEUED until the DAG is unpaused. Admission
 * learns it through the dispatcher's limits ({@code Limits.paused}), the one place the
 * rule is applied.
 */
@Repository
public class DagPauses {

	private final JdbcClient jdbc;

	private final DagRegistry dags;

	private final Clock clock;

	DagPauses(JdbcClient jdbc, DagRegistry dags, Clock clock) {
		this.jdbc = jdbc;
		this.dags = dags;
		this.clock = clock;
	}

	public void pause(String dagId, String by) {
		set(dagId, true, by);
	}

	/** Unpausing signals the dispatchers, so the DAG's queued runs start at once. */
	public void unpause(String dagId, String by) {
		set(dagId, false, by);
		RunsQueuedSignal.send(this.jdbc);
	}

	public Set<String> paused() {
		return this.jdbc.sql("SELECT dag_id FROM sf_dag_state WHERE paused")
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.toSet());
	}

	private void set(String dagId, boolean paused, String by) {
		if (this.dags.find(dagId).isEmpty()) {
			throw new UnknownDagException(dagId);
		}
		this.jdbc.sql("""
				INSERT INTO sf_dag_state (dag_id, paused, paused_at, paused_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (dag_id) DO UPDATE SET paused = EXCLUDED.paused, paused_at = EXCLUDED.paused_at,
				                                   paused_by = EXCLUDED.paused_by""")
			.params(dagId, paused, Timestamp.from(this.clock.instant()), by)
			.update();
	}

}
