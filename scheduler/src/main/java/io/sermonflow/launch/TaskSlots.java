package io.sermonflow.launch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.sermonflow.admission.Waiting;
import io.sermonflow.admission.Workers;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.config.NodeIdentity;

import org.springframework.stereotype.Component;

/**
 * This node's task slots ({@code SERMONFLOW_WORKERS}): a task holds one while it runs,
 * parallel branches included, and waits for one first-come first-served when all are
 * busy. Admission claims a run only when a slot is free, and that slot stays the run's
 * own until it ends: its tasks take it one after another without waiting, so a run that
 * has started is never held up between its tasks by runs claimed after it. A parallel
 * branch takes a further slot, and waits for one.
 */
@Component
public class TaskSlots {

	private final Semaphore permits;

	private final int capacity;

	private final String nodeId;

	/** Each run's own slot: whether a task of the run is using it now. */
	private final Map<String, Boolean> home = new ConcurrentHashMap<>();

	/** The further slots the tasks of each run hold, by task. */
	private final Map<String, Map<String, Boolean>> extra = new ConcurrentHashMap<>();

	/** How many tasks of each run wait for a further slot. */
	private final Map<String, AtomicInteger> waiters = new ConcurrentHashMap<>();

	TaskSlots(EngineProperties properties, NodeIdentity node) {
		this.capacity = properties.workers();
		this.permits = new Semaphore(this.capacity, true);
		this.nodeId = node.nodeId();
	}

	/** The slots as admission sees them now. */
	public Workers workers() {
		int free = this.permits.hasQueuedThreads() ? 0 : this.permits.availablePermits();
		return new Workers(this.nodeId, this.capacity, free);
	}

	/**
	 * Takes a free slot as the own slot of a run just claimed; false when none is free
	 * (its tasks then wait for slots like parallel branches do).
	 */
	public boolean reserve(String runId) {
		if (tryTake()) {
			this.home.put(runId, false);
			return true;
		}
		return false;
	}

	/**
	 * Takes a slot for a task of the run: the run's own when no other task of it uses it,
	 * else a free slot, or, after {@code waiting} was told why, the next to come free.
	 */
	void acquire(String runId, String taskId, Consumer<Waiting> waiting) throws InterruptedException {
		if (this.home.replace(runId, false, true)) {
			return;
		}
		if (!tryTake()) {
			AtomicInteger waitersOfRun = this.waiters.computeIfAbsent(runId, (id) -> new AtomicInteger());
			waitersOfRun.incrementAndGet();
			try {
				// the run's own slot may have come free meanwhile
				if (this.home.replace(runId, false, true)) {
					return;
				}
				waiting.accept(Waiting.noWorker(this.capacity, this.nodeId));
				this.permits.acquire();
			}
			finally {
				waitersOfRun.decrementAndGet();
			}
		}
		this.extra.computeIfAbsent(runId, (id) -> new ConcurrentHashMap<>()).put(taskId, true);
	}

	/**
	 * A task of the run is done with its slot. The run's own slot stays the run's, unless
	 * a task of the run waits for a further one: then it goes back to the pool, so two
	 * runs never hold their own slots idle while waiting for each other's.
	 */
	void release(String runId, String taskId) {
		Map<String, Boolean> tasks = this.extra.get(runId);
		if (tasks != null && tasks.remove(taskId) != null) {
			this.permits.release();
			return;
		}
		this.home.replace(runId, true, false);
		AtomicInteger waitersOfRun = this.waiters.get(runId);
		if (waitersOfRun != null && waitersOfRun.get() > 0 && this.home.remove(runId, false)) {
			this.permits.release();
		}
	}

	/**
	 * The run's attempt ended: its own slot, and any further slot its tasks still hold (a
	 * step whose end could not be recorded), go back.
	 */
	void runEnded(String runId) {
		this.waiters.remove(runId);
		int leftOver = (this.home.remove(runId) != null) ? 1 : 0;
		Map<String, Boolean> tasks = this.extra.remove(runId);
		leftOver += (tasks != null) ? tasks.size() : 0;
		if (leftOver > 0) {
			this.permits.release(leftOver);
		}
	}

	/** Busy slots: held by runs and their tasks. */
	public int busy() {
		return this.capacity - this.permits.availablePermits();
	}

	public int capacity() {
		return this.capacity;
	}

	/** A free slot, unless a task already waits for one (first come, first served). */
	private boolean tryTake() {
		try {
			return this.permits.tryAcquire(0, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
