package io.sermonflow.launch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.sermonflow.admission.Waiting;
import io.sermonflow.admission.Workers;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.config.NodeIdentity;

import org.springframework.stereotype.Component;

/**
 * This node's task slots ({@code SERMONFLOW_WORKERS}): a task holds one while it runs,
 * parallel branches included, and waits for one first-come first-served when all are
 * busy. Admission takes a slot for a run's first task when it claims the run (a
 * reservation), so a claimed run is never starved by runs claimed after it.
 */
@Component
public class TaskSlots {

	private final Semaphore permits;

	private final int capacity;

	private final String nodeId;

	private final Set<String> reserved = ConcurrentHashMap.newKeySet();

	/** Slots held by the tasks of each run, so a run's end gives back any left over. */
	private final Map<String, Integer> held = new ConcurrentHashMap<>();

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
	 * Takes a free slot for the first task of a run just claimed; false when none is free
	 * (the run's first task then waits for one like any other).
	 */
	public boolean reserve(String runId) {
		if (tryTake()) {
			this.reserved.add(runId);
			return true;
		}
		return false;
	}

	/**
	 * The run's attempt ended: gives back its reservation if it was not used, and any
	 * slot its tasks still hold (a step whose end could not be recorded).
	 */
	void runEnded(String runId) {
		int leftOver = this.held.getOrDefault(runId, 0) + (this.reserved.remove(runId) ? 1 : 0);
		this.held.remove(runId);
		if (leftOver > 0) {
			this.permits.release(leftOver);
		}
	}

	/**
	 * Takes a slot for a task of the run: its reservation, a free slot, or, after
	 * {@code waiting} was told why, the next slot to come free.
	 */
	void acquire(String runId, Consumer<Waiting> waiting) throws InterruptedException {
		if (!this.reserved.remove(runId) && !tryTake()) {
			waiting.accept(Waiting.noWorker(this.capacity, this.capacity, this.nodeId));
			this.permits.acquire();
		}
		this.held.merge(runId, 1, Integer::sum);
	}

	/** A task of the run gives its slot back. */
	void release(String runId) {
		boolean[] wasHeld = new boolean[1];
		this.held.computeIfPresent(runId, (id, n) -> {
			wasHeld[0] = true;
			return (n > 1) ? n - 1 : null;
		});
		if (wasHeld[0]) {
			this.permits.release();
		}
	}

	/** Busy slots: held by tasks or reserved for runs about to start. */
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
