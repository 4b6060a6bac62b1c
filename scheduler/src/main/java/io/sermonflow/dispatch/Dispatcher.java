package io.sermonflow.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.config.EngineProperties;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.config.NodeIdentity;
import io.sermonflow.config.OnRole;
import io.sermonflow.launch.RunLauncher;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Claims QUEUED runs for this node and executes them on a bounded pool. It wakes when
 * runs are queued on this node and polls slowly as a safety net; {@link #tick()} is one
 * claim round, which tests call directly.
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

	private final Semaphore wakeups = new Semaphore(0);

	private final AtomicInteger active = new AtomicInteger();

	private ExecutorService pool;

	private Thread loop;

	private volatile boolean running;

	Dispatcher(RunStore runs, RunLauncher launcher, NodeIdentity node, EngineProperties properties, DagRegistry dags) {
		this.dagIds = dags.all().stream().map(Dag::id).toList();
		this.runs = runs;
		this.launcher = launcher;
		this.nodeId = node.nodeId();
		this.workers = properties.workers();
	}

	/**
	 * Claims as many queued runs as this node has free workers and starts them; returns
	 * how many.
	 */
	public int tick() {
		int free = this.workers - this.active.get();
		List<Run> claimed = this.runs.claimQueued(this.nodeId, this.dagIds, free);
		for (Run run : claimed) {
			this.active.incrementAndGet();
			this.pool.execute(() -> execute(run));
		}
		return claimed.size();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onRunsQueued(RunsQueued event) {
		wake();
	}

	public void wake() {
		this.wakeups.release();
	}

	private void execute(Run run) {
		try {
			this.launcher.execute(run);
		}
		catch (RuntimeException ex) {
			log.error("Run {} of {} ended abnormally", run.runId(), run.dagId(), ex);
		}
		finally {
			this.active.decrementAndGet();
			wake();
		}
	}

	private void loop() {
		while (this.running) {
			try {
				this.wakeups.tryAcquire(SAFETY_POLL.toMillis(), TimeUnit.MILLISECONDS);
				this.wakeups.drainPermits();
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

	@Override
	public void start() {
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

	@Override
	public void stop() {
		this.running = false;
		wake();
		this.pool.shutdown();
		try {
			this.loop.join(SAFETY_POLL.toMillis() * 2);
			this.pool.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
