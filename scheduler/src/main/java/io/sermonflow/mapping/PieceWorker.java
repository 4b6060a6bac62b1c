package io.sermonflow.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.config.NodeLease;
import io.sermonflow.config.OnRole;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.StoppableWork;
import io.sermonflow.dag.TaskSpec;
import io.sermonflow.error.SermonflowException;
import io.sermonflow.error.TimedOutException;
import io.sermonflow.loop.BackgroundLoop;
import io.sermonflow.run.ClaimedRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs pieces of mapped tasks on this node, whichever node runs their runs: takes a
 * queued piece while its pool has room here and this node holds its lease, runs the
 * task's function on it, and stores the result or the error under its hold on the piece.
 * Once a second it looks at the pieces it runs: one no longer its own (cancelled, or
 * given to another node after this one was thought lost) or past the DAG's task timeout
 * is stopped, with the processes it started. A retryable error queues the piece again, up
 * to {@link #MAX_FAILURES} times. On shutdown the pieces it runs are handed back.
 */
@Component
@OnRole("worker")
public class PieceWorker implements SmartLifecycle {

	/** A piece that failed with a retryable error this often fails for good. */
	public static final int MAX_FAILURES = 3;

	private static final Duration POLL = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(PieceWorker.class);

	private final PieceStore pieces;

	private final DagRegistry dags;

	private final NodeLease lease;

	private final ClaimedRuns runs;

	private final JsonMapper json;

	private final Clock clock;

	/** The mapped tasks this node has ({@code dagId/taskId}), by pool. */
	private final Map<String, Set<String>> tasksByPool = new TreeMap<>();

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private final Semaphore wakeups = new Semaphore(0);

	private final AtomicInteger threads = new AtomicInteger();

	/** Runs the pieces; made at each start, as a stopped node may be started again. */
	private volatile ExecutorService executor;

	private final BackgroundLoop loop;

	PieceWorker(PieceStore pieces, DagRegistry dags, NodeLease lease, ClaimedRuns runs, JsonMapper json, Clock clock) {
		this.pieces = pieces;
		this.dags = dags;
		this.lease = lease;
		this.runs = runs;
		this.json = json;
		this.clock = clock;
		for (Dag dag : dags.all()) {
			for (TaskSpec task : dag.tasks()) {
				if (task.isMapped()) {
					this.tasksByPool.computeIfAbsent(task.pool(), (pool) -> new TreeSet<>())
						.add(dag.id() + "/" + task.id());
				}
			}
		}
		this.loop = BackgroundLoop.of("sermonflow-pieces", this::round, POLL, log);
	}

	/** Pieces were queued (here or, through the queued-work signal, on another node). */
	public void wake() {
		this.wakeups.release();
	}

	/** How many pieces this node runs now. */
	public int running() {
		return this.running.size();
	}

	private void round() throws InterruptedException {
		this.wakeups.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
		this.wakeups.drainPermits();
		watchRunning();
		if (this.tasksByPool.isEmpty()) {
			return;
		}
		this.tasksByPool.forEach((pool, tasks) -> {
			while (this.loop.isRunning() && this.lease.isHeld()) {
				Piece piece = this.pieces.claim(pool, this.lease.nodeId(), tasks).orElse(null);
				if (piece == null) {
					return;
				}
				start(piece);
			}
		});
	}

	private void start(Piece piece) {
		Dag dag = this.dags.find(piece.dagId()).orElseThrow();
		TaskSpec task = dag.task(piece.taskId()).orElseThrow();
		Duration limit = dag.taskTimeout();
		Running run = new Running(piece, (limit != null) ? this.clock.instant().plus(limit) : null, limit);
		this.running.put(key(piece), run);
		try {
			this.executor.execute(() -> execute(run, task));
		}
		catch (RuntimeException ex) {
			this.running.remove(key(piece));
			this.pieces.giveBack(piece, "node " + piece.nodeId() + " could not start it");
			throw ex;
		}
	}

	private void execute(Running run, TaskSpec task) {
		Piece piece = run.piece;
		try (var mdcRun = MDC.putCloseable("runId", piece.runId());
				var mdcTask = MDC.putCloseable("taskId", piece.taskId());
				var mdcEpoch = MDC.putCloseable("epoch", Long.toString(piece.runEpoch()));
				var mdcPiece = MDC.putCloseable("piece", Integer.toString(piece.index()))) {
			log.info("Piece {} started on node {}", piece.label(), piece.nodeId());
			if (!run.enter()) {
				// stopped before it began
				settleStopped(run);
				return;
			}
			String output;
			try {
				Object result = task.function()
					.run(new PieceContext(piece, this.json.readValue(piece.dataJson(), Map.class), this.runs,
							this.json));
				output = TaskResults.serialised(this.json, "Piece " + piece.label(), result);
			}
			finally {
				run.exit();
			}
			if (run.stopped() != null) {
				settleStopped(run);
			}
			else if (this.pieces.succeeded(piece, output)) {
				log.info("Piece {} succeeded", piece.label());
			}
		}
		catch (Exception ex) {
			if (run.stopped() != null) {
				settleStopped(run);
			}
			else {
				failed(piece, ex);
			}
		}
		finally {
			this.running.remove(key(piece));
			wake();
		}
	}

	private void failed(Piece piece, Exception ex) {
		String error = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		boolean retryable = SermonflowException.isRetryable(ex);
		if (retryable && piece.failures() + 1 < MAX_FAILURES) {
			log.warn("Piece {} failed ({}); it waits for a node again", piece.label(), error);
			this.pieces.failedForNow(piece, error);
		}
		else {
			log.warn("Piece {} failed: {}", piece.label(), error, ex);
			this.pieces.failed(piece, error, retryable);
		}
	}

	/** A piece stopped by its watch: timed out (counted), or no longer this node's. */
	private void settleStopped(Running run) {
		if (run.stopped() == Stop.TIMED_OUT) {
			failed(run.piece, TimedOutException.ofTask(run.piece.label(), run.limit));
		}
		else if (run.stopped() == Stop.SHUTDOWN) {
			this.pieces.giveBack(run.piece, "its node " + run.piece.nodeId() + " stopped");
		}
		else if (this.pieces.giveBack(run.piece, "its run ended")) {
			// its run ended while it ran: the row goes back, holding no slot
			log.info("Piece {} stopped: its run ended", run.piece.label());
		}
		else {
			log.info("Piece {} stopped: it is no longer this node's", run.piece.label());
		}
	}

	/** Stops the pieces that are no longer this node's, or ran past their limit. */
	private void watchRunning() {
		Instant now = this.clock.instant();
		for (Running run : List.copyOf(this.running.values())) {
			try {
				if (run.deadline != null && now.isAfter(run.deadline)) {
					run.stop(Stop.TIMED_OUT);
				}
				else if (!this.lease.isHeld() || !this.pieces.isHeld(run.piece)) {
					run.stop(Stop.NOT_HELD);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not check piece {}: {}", run.piece.label(), ex.toString());
			}
		}
	}

	private static String key(Piece piece) {
		return piece.runId() + "/" + piece.label();
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newCachedThreadPool((work) -> {
			Thread thread = new Thread(work, "sermonflow-piece-" + this.threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.loop.start();
	}

	@Override
	public synchronized void stop() {
		this.loop.stop(Duration.ofSeconds(2));
		List<Running> left = new ArrayList<>(this.running.values());
		left.forEach((run) -> run.stop(Stop.SHUTDOWN));
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
				log.warn("{} pieces did not stop in time", this.running.size());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	@Override
	public int getPhase() {
		// stops before the task-log writer and the database pool, as the dispatcher
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	private enum Stop {

		TIMED_OUT, NOT_HELD, SHUTDOWN

	}

	/** A piece running here, with its deadline: stoppable. */
	private static final class Running {

		private final Piece piece;

		private final Instant deadline;

		private final Duration limit;

		private final StoppableWork<Stop> work = new StoppableWork<>();

		Running(Piece piece, Instant deadline, Duration limit) {
			this.piece = piece;
			this.deadline = deadline;
			this.limit = limit;
		}

		boolean enter() {
			return this.work.enter();
		}

		void exit() {
			this.work.exit();
		}

		void stop(Stop why) {
			this.work.stop(why);
		}

		Stop stopped() {
			return this.work.stopped();
		}

	}

}
