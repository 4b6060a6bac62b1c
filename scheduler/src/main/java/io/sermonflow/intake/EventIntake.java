package io.sermonflow.intake;

import java.util.ArrayList;
import java.util.List;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.event.Event;
import io.sermonflow.event.EventLog;
import io.sermonflow.run.NewRun;
import io.sermonflow.run.RunStore;
import io.sermonflow.trace.Traces;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event once by its id and queues the runs it triggers, in one transaction:
 * either both are durable or neither is, and a second delivery of the same id does
 * nothing.
 */
@Service
class EventIntake {

	private final EventLog events;

	private final RunStore runs;

	private final DagRegistry dags;

	private final Traces traces;

	EventIntake(EventLog events, RunStore runs, DagRegistry dags, Traces traces) {
		this.traces = traces;
		this.events = events;
		this.runs = runs;
		this.dags = dags;
	}

	/**
	 * Returns the ids of the runs queued; empty for a duplicate or an event no DAG
	 * listens to.
	 */
	@Transactional
	public List<String> record(Event event) {
		String traceparent = this.traces.current();
		if (!this.events.record(event, traceparent)) {
			return List.of();
		}
		List<String> queued = new ArrayList<>();
		for (Dag dag : this.dags.triggeredBy(event.name(), event.data())) {
			NewRun run = NewRun.of(dag, event.id(), event.data()).tracedBy(traceparent);
			this.runs.create(run);
			queued.add(run.runId());
		}
		return queued;
	}

	/**
	 * Records a batch of received events in one transaction: one commit for up to ten
	 * events, each continuing the trace its message carried. All or none are durable.
	 */
	@Transactional
	public void recordAll(List<Incoming> batch) {
		for (Incoming incoming : batch) {
			try (Traces.Scope trace = this.traces.continueTrace("sermonflow.intake " + incoming.event().name(),
					incoming.traceparent())) {
				record(incoming.event());
			}
		}
	}

	/** An event as received, with the trace context of its message (or null). */
	record Incoming(Event event, String traceparent) {
	}

}
