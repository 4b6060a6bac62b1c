package io.sermonflow.schedule;

import java.util.Map;

import io.sermonflow.trace.Traces;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cron schedule fired: one run of its DAG, recorded as the event {@code schedule/fired}
 * whose id is the schedule and the moment it was due, so one firing never starts two
 * runs.
 */
class StartScheduledRunJob implements Job {

	private static final Logger log = LoggerFactory.getLogger(StartScheduledRunJob.class);

	private final JdbcScheduleStore store;

	private final EventLog events;

	private final RunStore runs;

	private final DagRegistry dags;

	private final TransactionTemplate transaction;

	private final Traces traces;

	StartScheduledRunJob(JdbcScheduleStore store, EventLog events, RunStore runs, DagRegistry dags,
			TransactionTemplate transaction, Traces traces) {
		this.traces = traces;
		this.store = store;
		this.events = events;
		this.runs = runs;
		this.dags = dags;
		this.transaction = transaction;
	}

	@Override
	public void execute(JobExecutionContext context) {
		String id = context.getTrigger().getKey().getName();
		long dueAt = context.getScheduledFireTime().getTime();
		try (Traces.Scope trace = this.traces.startLinked("sermonflow.schedule " + id, this.store.createdInTrace(id))) {
			fire(id, dueAt);
		}
	}

	private void fire(String id, long dueAt) {
		this.transaction.executeWithoutResult((tx) -> this.store.find(id).ifPresent((schedule) -> {
			Event fired = new Event("schedule/fired", "schedule-" + id + "-" + dueAt,
					Map.of("scheduleId", id, "dag", schedule.dagId(), "dueAt", dueAt));
			if (this.events.record(fired)) {
				this.dags.find(schedule.dagId()).ifPresentOrElse((dag) -> {
					this.runs.create(NewRun.of(dag, fired.id(), schedule.data()).tracedBy(this.traces.current()));
					this.store.fired(id);
				}, () -> log.warn("Schedule {} names DAG {}, which this node does not have", id, schedule.dagId()));
			}
		}));
	}

}
