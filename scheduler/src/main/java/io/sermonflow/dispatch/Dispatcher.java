package io.sermonflow.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.admission.Limits;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.config.NodeLease;
import io.sermonflow.config.OnRole;
import io.sermonflow.launch.RunLauncher;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Claims QUEUED runs for this node and executes them on a bounded pool. It wakes when any
 * node queues runs (PostgreSQL NOTIFY, see {@link QueuedRunsListener}) and polls slowly
 * as a safety net; {@link #tick()} is one claim round, which tests call directly.
 */
@Component
@OnRole("worker")
public class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final Duration SAFETY_POLL = Duration.ofSeconds(1);

	private final RunStore runs;

	private final RunLauncher launcher;

	private final String nodeId;

	private final int workers;

	/**
	 * A node claims only runs of DAGs it has, so nodes of different versions can share a
	 * queue.
	 */
	private final List<String> dagIds;

	private final DagRegistry dags;

	private final Semaphore wakeups = new Semaphore(0);

	private final java.util.Queue<Run> unsettled = new java.util.concurrent.ConcurrentLinkedQueue<>();

	private final AtomicInteger active = new AtomicInteger();

	private ExecutorService pool;

	private Thread loop;

	private volatile boolean running;

	private final NodeLease lease;

	private final RunRecovery recovery;

	private final Duration shutdownGrace;

	private Instant nextHeartbeat = Instant.MIN;

	private Instant nextRecovery = Instant.MIN;

	Dispatcher(RunStore runs, RunLauncher launcher, EngineProperties properties, DagRegistry dags, NodeLease lease,
			RunRecovery recovery) {
		this.lease = lease;
		this.recovery = recovery;
		this.shutdownGrace = Duration.ofSeconds(properties.shutdownGraceSeconds());
		this.dagIds = dags.all().stream().map(Dag::id).toList();
		this.dags = dags;
		this.runs = runs;
		this.launcher = launcher;
		this.nodeId = lease.nodeId();
		this.workers = properties.workers();
	}

	/**
	 * Claims as many queued runs as this node has free workers and starts them; returns
	 * how many.
	 */
	public int tick() {
		if (!this.lease.isHeld()) {
			// fenced: other nodes may be recovering our runs; start nothing until the
			// lease is renewed
			return 0;
		}
		int free = this.workers - this.active.get();
		List<Run> claimed = this.runs.claimQueued(this.nodeId, this.dagIds, free, this::limitsOf);
		for (Run run : claimed) {
			this.active.incrementAndGet();
			this.pool.execute(() -> execute(run));
		}
		return claimed.size();
	}

	private Limits limitsOf(String dagId) {
		return this.dags.find(dagId)
			.map((dag) -> new Limits(false, dag.maxActiveRuns(), dag.concurrencyKey(), dag.maxRunsPerKey()))
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
			// would stay
			// RUNNING on a live node, which recovery never looks at, so hand it back
			// ourselves
			log.error("Run {} of {} ended abnormally; it will be queued again", run.runId(), run.dagId(), ex);
			this.unsettled.add(run);
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
		for (Run run = this.unsettled.peek(); run != null; run = this.unsettled.peek()) {
			try {
				this.recovery.release(run.runId(), run.dagId());
				this.unsettled.poll();
			}
			catch (RuntimeException ex) {
				return;
			}
		}
	}

	private void loop() {
		while (this.running) {
			try {
				this.wakeups.tryAcquire(SAFETY_POLL.toMillis(), TimeUnit.MILLISECONDS);
				this.wakeups.drainPermits();
				keepLeaseAndRecover();
				settleAbnormalEnds();
				if (this.running) {
					tick();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch round failed; retrying: {}", ex.toString());
				sleepQuietly(SAFETY_POLL);
			}
		}
	}

	/** Heart-beats, and looks for dead nodes' runs, at a quarter of the lease. */
	private void keepLeaseAndRecover() {
		Instant now = Instant.now();
		if (!now.isBefore(this.nextHeartbeat)) {
			this.lease.heartbeat();
			this.nextHeartbeat = now.plus(this.lease.duration().dividedBy(4));
		}
		if (!now.isBefore(this.nextRecovery) && this.lease.isHeld()) {
			try {
				this.recovery.recoverOnce();
			}
			catch (RuntimeException ex) {
				log.warn("Recovery round failed: {}", ex.toString());
			}
			this.nextRecovery = now.plus(this.lease.duration().dividedBy(4));
		}
	}

	@Override
	public void start() {
		this.lease.heartbeat();
		this.pool = Executors.newFixedThreadPool(this.workers, (task) -> {
			Thread thread = new Thread(task, "sermonflow-worker");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		this.loop = new Thread(this::loop, "sermonflow-dispatcher");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	/**
	 * Graceful shutdown: stop claiming, let running runs finish within the grace period,
	 * then give the lease up so other nodes recover what is left at once instead of after
	 * the lease runs out.
	 */
	@Override
	public void stop() {
		this.running = false;
		wake();
		this.pool.shutdown();
		try {
			this.loop.join(SAFETY_POLL.toMillis() * 2);
			if (!this.pool.awaitTermination(this.shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("{} run(s) still running after the {} s grace period; releasing them to other nodes",
						this.active.get(), this.shutdownGrace.toSeconds());
				this.pool.shutdownNow();
			}
			this.lease.release();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Could not release the lease; other nodes will recover after it runs out: {}", ex.toString());
		}
	}

	/** Starts before and stops after the intake, which feeds it. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
