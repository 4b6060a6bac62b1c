package io.sermonflow.backfill;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sermonflow.trace.Traces;
import io.sermonflow.control.UnknownDagException;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Backfills (Airflow's word): one run per item, all queued at once, each not before its
 * turn at the given rate, so the whole group is visible from the start and admission
 * (limits, pools, pauses) applies to each run as to any other. Cancelling cancels the
 * runs that have not started.
 */
@Service
public class Backfills {

	public static final int MAX_ITEMS = 10_000;

	public static final int MAX_RATE_PER_MINUTE = 6_000;

	private final JdbcClient jdbc;

	private final RunStore runs;

	private final DagRegistry dags;

	private final Clock clock;

	private final Traces traces;

	Backfills(JdbcClient jdbc, RunStore runs, DagRegistry dags, Clock clock, Traces traces) {
		this.traces = traces;
		this.jdbc = jdbc;
		this.runs = runs;
		this.dags = dags;
		this.clock = clock;
	}

	/**
	 * Queues a run per item; the first starts now, the next one 60/rate seconds later.
	 */
	@Transactional
	public Backfill start(String dagId, List<Map<String, Object>> items, int ratePerMinute) {
		Dag dag = checked(dagId, items.size(), ratePerMinute);
		String backfillId = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					INSERT INTO sf_backfill (backfill_id, dag_id, items, rate_per_minute, created_at) VALUES (?, ?, ?, ?, ?)""")
			.params(backfillId, dagId, items.size(), ratePerMinute, Timestamp.from(now))
			.update();
		Duration spacing = spacing(ratePerMinute);
		for (int i = 0; i < items.size(); i++) {
			this.runs.create(NewRun.of(dag, null, items.get(i))
				.tracedBy(this.traces.current())
				.inBackfill(backfillId, now.plus(spacing.multipliedBy(i))));
		}
		return find(backfillId).orElseThrow();
	}

	/** What {@link #start} would do with the same arguments; nothing is written. */
	public BackfillPlan plan(String dagId, List<Map<String, Object>> items, int ratePerMinute) {
		checked(dagId, items.size(), ratePerMinute);
		Instant now = this.clock.instant();
		Instant last = now.plus(spacing(ratePerMinute).multipliedBy(items.size() - 1L));
		// the median of the latest successful runs: what one run of this DAG takes now
		Double seconds = this.jdbc.sql("""
				SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ended_at - started_at))
				FROM (SELECT started_at, ended_at FROM sf_run
				      WHERE dag_id = ? AND status = 'SUCCEEDED' AND started_at IS NOT NULL AND ended_at IS NOT NULL
				      ORDER BY ended_at DESC LIMIT 20) latest""")
			.param(dagId)
			.query((rs, i) -> (Double) rs.getObject(1))
			.list()
			.get(0);
		Duration typical = (seconds != null) ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
		return new BackfillPlan(dagId, items.size(), ratePerMinute, now, last, typical,
				(typical != null) ? last.plus(typical) : null);
	}

	private Dag checked(String dagId, int items, int ratePerMinute) {
		Dag dag = this.dags.find(dagId).orElseThrow(() -> new UnknownDagException(dagId));
		if (items < 1 || items > MAX_ITEMS) {
			throw new IllegalArgumentException(
					"Field \"items\" must hold 1 to " + MAX_ITEMS + " items; it holds " + items);
		}
		if (ratePerMinute < 1 || ratePerMinute > MAX_RATE_PER_MINUTE) {
			throw new IllegalArgumentException("Field \"ratePerMinute\" must be between 1 and " + MAX_RATE_PER_MINUTE
					+ "; it is " + ratePerMinute);
		}
		return dag;
	}

	private static Duration spacing(int ratePerMinute) {
		return Duration.ofMillis(60_000L / ratePerMinute);
	}

	public Optional<Backfill> find(String backfillId) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		this.jdbc.sql("SELECT status, count(*) FROM sf_run WHERE backfill_id = ? GROUP BY status ORDER BY status")
			.param(backfillId)
			.query((rs, i) -> counts.put(rs.getString(1), rs.getInt(2)))
			.list();
		return this.jdbc
			.sql("SELECT backfill_id, dag_id, items, rate_per_minute, created_at, cancelled_at FROM sf_backfill"
					+ " WHERE backfill_id = ?")
			.param(backfillId)
			.query((rs, i) -> {
				Timestamp cancelled = rs.getTimestamp("cancelled_at");
				return new Backfill(rs.getString("backfill_id"), rs.getString("dag_id"), rs.getInt("items"),
						rs.getInt("rate_per_minute"), rs.getTimestamp("created_at").toInstant(),
						(cancelled != null) ? cancelled.toInstant() : null, counts);
			})
			.optional();
	}

	/** Cancels the backfill's runs that have not started; running ones finish. */
	@Transactional
	public int cancel(String backfillId) {
		if (this.jdbc.sql("UPDATE sf_backfill SET cancelled_at = COALESCE(cancelled_at, ?) WHERE backfill_id = ?")
			.params(Timestamp.from(this.clock.instant()), backfillId)
			.update() == 0) {
			throw new UnknownBackfillException(backfillId);
		}
		List<String> waiting = this.jdbc
			.sql("SELECT run_id FROM sf_run WHERE backfill_id = ? AND status = 'QUEUED' FOR UPDATE SKIP LOCKED")
			.param(backfillId)
			.query(String.class)
			.list();
		int cancelled = 0;
		for (String runId : waiting) {
			if (this.runs.cancelWaiting(runId)) {
				cancelled++;
			}
		}
		return cancelled;
	}

}
