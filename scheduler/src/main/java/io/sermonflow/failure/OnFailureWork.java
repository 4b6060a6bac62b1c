package io.sermonflow.failure;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sermonflow.config.NodeLease;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.FailedRun;
import io.sermonflow.dag.FailureHandler;
import io.sermonflow.event.Event;
import io.sermonflow.event.Outbox;
import io.sermonflow.run.FailureQueue;
import io.sermonflow.run.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work after a run failed for good, whatever failed it: the DAG's onFailure handler,
 * then the {@code run/failed} event through the outbox. The handler's own writes, the
 * events it emits, {@code run/failed} and the record that it ran commit in one
 * transaction, under this node's claim on the work, so the handler takes effect once. A
 * handler that throws is recorded and tried again with backoff (its DAG's
 * {@code onFailureRetries}); once given up, {@code run/failed} is published all the same.
 * Work a node claimed and never finished (it died) is taken over by the sweep of another.
 */
@Component
public class OnFailureWork implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OnFailureWork.class);

	/** How much due work one sweep claims. */
	private static final int SWEEP_BATCH = 20;

	private final FailureQueue queue;

	private final DagRegistry dags;

	private final Outbox outbox;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	private final String nodeId;

	/** Runs whose work this node is doing now, so its own sweep does not claim them. */
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "sermonflow-on-failure");
		thread.setDaemon(true);
		return thread;
	});

	OnFailureWork(FailureQueue queue, DagRegistry dags, Outbox outbox, TransactionTemplate transaction, JsonMapper json,
			Clock clock, MeterRegistry meters, NodeLease lease) {
		this.queue = queue;
		this.dags = dags;
		this.outbox = outbox;
		this.transaction = transaction;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
		this.nodeId = lease.nodeId();
	}

	/** Does the onFailure work of a run this node just failed, on the calling thread. */
	public void runNow(String runId) {
		if (!this.inFlight.add(runId)) {
			return;
		}
		try {
			this.queue.claim(runId, this.nodeId).forEach(this::run);
		}
		finally {
			this.inFlight.remove(runId);
		}
	}

	/**
	 * Claims the due work of this node's DAGs (pending, due for a retry, or left by a
	 * node that died) and does it in the background; returns how many were claimed.
	 */
	public int sweep() {
		List<FailureQueue.Due> due = this.queue.claimDue(this.nodeId, this.dags.all().stream().map(Dag::id).toList(),
				Set.copyOf(this.inFlight), SWEEP_BATCH);
		for (FailureQueue.Due work : due) {
			if (this.inFlight.add(work.run().runId())) {
				this.executor.execute(() -> {
					try {
						run(work);
					}
					finally {
						this.inFlight.remove(work.run().runId());
					}
				});
			}
		}
		return due.size();
	}

	private void run(FailureQueue.Due due) {
		Run run = due.run();
		Dag dag = this.dags.find(run.dagId()).orElse(null);
		FailureHandler handler = (dag != null) ? dag.onFailure().orElse(null) : null;
		try (var mdcRun = MDC.putCloseable("runId", run.runId())) {
			this.transaction.executeWithoutResult((tx) -> {
				Object result = (handler != null) ? handle(handler, run) : null;
				String status = (handler != null) ? "SUCCEEDED" : "NONE";
				publishRunFailed(run, status);
				if (!this.queue.done(due, status, (result != null) ? this.json.writeValueAsString(result) : null)) {
					throw new ClaimLost();
				}
			});
			if (handler != null) {
				count(run.dagId(), true);
			}
		}
		catch (ClaimLost ex) {
			log.warn("onFailure of run {} was taken over by another node; its outcome here is discarded", run.runId());
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex instanceof HandlerFailed failed) ? failed.getCause() : ex;
			handlerFailed(due, dag, cause);
		}
	}

	private Object handle(FailureHandler handler, Run run) {
		Instant now = this.clock.instant();
		FailedRun failure = new FailedRun(run.runId(), run.dagId(), run.eventId(), run.data(), run.error(),
				(name, data) -> {
					Event event = Event.of(name, data);
					this.outbox.add(event, now, run.runId());
					return event.id();
				});
		try {
			return handler.onFailure(failure);
		}
		catch (Exception ex) {
			throw new HandlerFailed(ex);
		}
	}

	/**
	 * The handler threw: recorded, and due again after a backoff unless its attempts are
	 * used up; then the work is FAILED and {@code run/failed} goes out all the same.
	 */
	private void handlerFailed(FailureQueue.Due due, Dag dag, Throwable cause) {
		Run run = due.run();
		count(run.dagId(), false);
		boolean again = dag != null && due.attempt() < dag.onFailureRetries().maxAttempts();
		Instant retryAt = again ? this.clock.instant()
			.plus(dag.onFailureRetries().delayBefore(due.attempt() + 1, ThreadLocalRandom.current()::nextDouble))
				: null;
		String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		log.warn("onFailure of run {} ({}) failed, attempt {}; {}: {}", run.runId(), run.dagId(), due.attempt(),
				again ? "trying again at " + retryAt : "giving up", error);
		try {
			this.transaction.executeWithoutResult((tx) -> {
				if (this.queue.failed(due, error, retryAt) && retryAt == null) {
					publishRunFailed(run, "FAILED");
				}
			});
		}
		catch (RuntimeException ex) {
			// the database is away: the work stays claimed, and a sweep takes it up again
			log.warn("Could not record the onFailure outcome of run {}: {}", run.runId(), ex.toString());
		}
	}

	private void publishRunFailed(Run run, String onFailure) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("runId", run.runId());
		data.put("dag", run.dagId());
		String error = String.valueOf(run.error());
		// the event must fit one message whatever the error says
		data.put("error", (error.length() > 8192) ? error.substring(0, 8192) + "…" : error);
		data.put("onFailure", onFailure);
		this.outbox.add(Event.of("run/failed", data), this.clock.instant(), run.runId());
	}

	private void count(String dagId, boolean succeeded) {
		Counter.builder("sermonflow.onfailure.invocations")
			.tag("dag", dagId)
			.tag("outcome", succeeded ? "succeeded" : "failed")
			.register(this.meters)
			.increment();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/** The claim on the work was lost while the handler ran: roll its work back. */
	private static final class ClaimLost extends RuntimeException {

		ClaimLost() {
			super(null, null, false, false);
		}

	}

	/** A handler's own failure, carried out of the transaction that it rolled back. */
	private static final class HandlerFailed extends RuntimeException {

		HandlerFailed(Exception cause) {
			super(cause);
		}

	}

}
