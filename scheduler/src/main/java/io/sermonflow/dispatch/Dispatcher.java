package io.sermonflow.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.admission.Limits;
import io.sermonflow.admission.Workers;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.config.NodeLease;
import io.sermonflow.config.OnRole;
import io.sermonflow.control.DagPauses;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.failure.OnFailureWork;
import io.sermonflow.launch.RunLauncher;
import io.sermonflow.launch.TaskSlots;
import io.sermonflow.loop.BackgroundLoop;
import io.sermonflow.run.Claim;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Claims QUEUED runs for this node while it has free task slots, and executes each on a
 * thread of its own; the tasks themselves take the node's task slots. It wakes when any
 * node queues runs (PostgreSQL NOTIFY, see {@link QueuedRunsListener}) and polls slowly
 * as a safety net; {@link #tick()} is one claim round, which tests call directly. Between
 * rounds it takes back dead nodes' runs, stops the attempts of runs this node lost, and
 * sweeps due onFailure work. The node's lease is renewed on a thread of its own, so a
 * slow round cannot let it lapse, and it is renewed until the last run has finished at
 * shutdown.
 */
@Component
@OnRole("worker")
public class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final Duration SAFETY_POLL = Duration.ofSeconds(1);

	/**
	 * While every slot is busy, how often the waiting runs' reasons are brought up to
	 * date (each round looks at the queue under the admission lock).
	 */
	private static final Duration BUSY_NOTE = Duration.ofSeconds(1);

	private final RunClaims claims;

	private final RunLauncher launcher;

	private final DagRegistry dags;

	private final TaskSlots slots;

	private final NodeLease lease;

	private final RunRecovery recovery;

	private final OnFailureWork onFailure;

	private final Duration shutdownGrace;

	private final Semaphore wakeups = new Semaphore(0);

	private final java.util.Queue<Claim> unsettled = new java.util.concurrent.ConcurrentLinkedQueue<>();

	private final AtomicInteger active = new AtomicInteger();

	private ExecutorService pool;

	private ScheduledExecutorService heartbeats;

	private final BackgroundLoop loop;

	private Instant nextRecovery = Instant.MIN;

	private Instant nextSweep = Instant.MIN;

	private Instant nextBusyNote = Instant.MIN;

	private final Clock clock;

	private final DagPauses pauses;

	Dispatcher(RunClaims claims, RunLauncher launcher, EngineProperties properties, DagRegistry dags, TaskSlots slots,
			NodeLease lease, RunRecovery recovery, OnFailureWork onFailure, DagPauses pauses, Clock clock) {
		this.clock = clock;
		this.pauses = pauses;
		this.claims = claims;
		this.launcher = launcher;
		this.dags = dags;
		this.slots = slots;
		this.lease = lease;
		this.recovery = recovery;
		this.onFailure = onFailure;
		this.shutdownGrace = Duration.ofSeconds(properties.shutdownGraceSeconds());
		this.loop = BackgroundLoop.of("sermonflow-dispatcher", this::round, SAFETY_POLL, log);
	}

	/**
	 * Claims as many queued runs as this node has free task slots and starts them;
	 * returns how many. With no slot free it still notes, at most once a second, why the
	 * queued runs wait.
	 */
	public int tick() {
		if (!this.lease.isHeld()) {
			// fenced: other nodes may be recovering our runs; start nothing until the
			// lease is renewed
			return 0;
		}
		Workers workers = this.slots.workers();
		if (workers.free() == 0) {
			Instant now = this.clock.instant();
			if (now.isBefore(this.nextBusyNote)) {
				return 0;
			}
			this.nextBusyNote = now.plus(BUSY_NOTE);
		}
		// read once a round, and only by a round that found queued runs: inside the
		// admission's transaction, not in one of its own
		SingletonSupplier<Set<String>> paused = SingletonSupplier.of(this.pauses::paused);
		List<Run> claimed = this.claims.claimQueued(workers, this.dags, (dagId) -> limitsOf(dagId, paused.obtain()));
		for (Run run : claimed) {
			this.slots.reserve(run.runId());
			this.active.incrementAndGet();
			this.pool.execute(() -> execute(run));
		}
		return claimed.size();
	}

	/** A DAG's limits as admission applies them; a paused DAG admits nothing. */
	private Limits limitsOf(String dagId, Set<String> paused) {
		return this.dags.find(dagId)
			.map((dag) -> new Limits(paused.contains(dagId), dag.maxActiveRuns(), dag.concurrencyKey(),
					dag.maxRunsPerKey()))
			.orElse(Limits.NONE);
	}

	public void wake() {
		this.wakeups.release();
	}

	private void execute(Run run) {
		try {
			this.launcher.execute(run);
		}
		catch (RuntimeException ex) {
			// typically the database went away while the run's end was recorded: the run
			// would stay RUNNING on a live node, which recovery never looks at, so hand
			// it
			// back ourselves
			log.error("Run {} of {} ended abnormally; it will be queued again", run.runId(), run.dagId(), ex);
			this.unsettled.add(run.claim());
		}
		finally {
			this.active.decrementAndGet();
			wake();
		}
	}

	/**
	 * Hands back runs whose end could not be recorded, once the database answers again.
	 */
	private void settleAbnormalEnds() {
		for (Claim claim = this.unsettled.peek(); claim != null; claim = this.unsettled.peek()) {
			try {
				this.recovery.release(claim);
				this.unsettled.poll();
			}
			catch (RuntimeException ex) {
				return;
			}
		}
	}

	/** Waits for a wake-up (or the safety poll), does the housekeeping, claims. */
	private void round() throws InterruptedException {
		this.wakeups.tryAcquire(SAFETY_POLL.toMillis(), TimeUnit.MILLISECONDS);
		this.wakeups.drainPermits();
		housekeeping();
		settleAbnormalEnds();
		if (this.loop.isRunning()) {
			tick();
		}
	}

	/**
	 * At a quarter of the lease: take back dead nodes' runs, stop the attempts of runs
	 * this node lost, settle runs no node can run. Every second: the due onFailure work.
	 */
	private void housekeeping() {
		Instant now = this.clock.instant();
		if (!now.isBefore(this.nextRecovery) && this.lease.isHeld()) {
			this.nextRecovery = now.plus(this.lease.duration().dividedBy(4));
			guarded("Recovery", () -> {
				this.launcher.abandon(this.claims.lost(this.launcher.executing()));
				this.recovery.recoverOnce();
				this.recovery.settleStranded();
				this.recovery.forgetLongLostNodes();
			});
		}
		if (!now.isBefore(this.nextSweep) && this.lease.isHeld()) {
			this.nextSweep = now.plus(SAFETY_POLL);
			guarded("onFailure sweep", this.onFailure::sweep);
		}
	}

	private static void guarded(String what, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			log.warn("{} round failed: {}", what, ex.toString());
		}
	}

	@Override
	public void start() {
		this.lease.heartbeat();
		long beat = this.lease.duration().dividedBy(4).toMillis();
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sermonflow-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeats.scheduleWithFixedDelay(this.lease::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
		this.pool = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "sermonflow-run");
			thread.setDaemon(true);
			return thread;
		});
		this.loop.start();
	}

	/**
	 * Graceful shutdown: stop claiming, let running runs finish within the grace period,
	 * then give the lease up so other nodes recover what is left at once instead of after
	 * the lease runs out. The lease is renewed while the runs finish: a lapsed lease
	 * would fence them at their next task, and another node would run them a second time.
	 */
	@Override
	public void stop() {
		this.loop.requestStop();
		try {
			this.lease.draining();
		}
		catch (RuntimeException ex) {
			log.warn("Could not mark this node draining: {}", ex.toString());
		}
		wake();
		this.pool.shutdown();
		try {
			this.loop.awaitStop(SAFETY_POLL.multipliedBy(2));
			if (!this.pool.awaitTermination(this.shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("{} run(s) still running after the {} s grace period; releasing them to other nodes",
						this.active.get(), this.shutdownGrace.toSeconds());
				this.pool.shutdownNow();
			}
			// a heart-beat still in flight would bring the node's row back after its
			// release
			this.heartbeats.shutdownNow();
			this.heartbeats.awaitTermination(5, TimeUnit.SECONDS);
			this.lease.release();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the lease; other nodes will recover after it runs out: {}", ex.toString());
		}
		finally {
			this.heartbeats.shutdownNow();
		}
	}

	/** Starts before and stops after the intake, which feeds it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

}
