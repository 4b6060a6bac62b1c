package io.sermonflow.dag;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task's own code, running on a thread, that the engine may stop (a deadline passed,
 * the work went to another node): the thread is interrupted while it is inside the code,
 * and every process the code started through {@link Subprocesses} is killed with its
 * process tree, at once or as it starts. {@code R} says why it was stopped.
 */
public final class StoppableWork<R> {

	private final Set<Process> processes = ConcurrentHashMap.newKeySet();

	private Thread inside;

	private R stopped;

	/**
	 * The code starts on this thread, owning the processes it starts; false, entering
	 * nothing, when the work was stopped already.
	 */
	public synchronized boolean enter() {
		if (this.stopped != null) {
			return false;
		}
		this.inside = Thread.currentThread();
		Subprocesses.ownedBy(this::own);
		return true;
	}

	/**
	 * The code returned (or threw) on this thread; an interrupt meant for it goes no
	 * further.
	 */
	public synchronized void exit() {
		this.inside = null;
		Subprocesses.release();
		if (this.stopped != null) {
			Thread.interrupted();
		}
	}

	/** Stops the work, saying why; the first reason given stands. */
	public void stop(R why) {
		synchronized (this) {
			if (this.stopped != null) {
				return;
			}
			this.stopped = why;
			if (this.inside != null) {
				this.inside.interrupt();
			}
		}
		this.processes.forEach(Subprocesses::destroyTree);
	}

	/** Why the work was stopped; null while it was not. */
	public synchronized R stopped() {
		return this.stopped;
	}

	private void own(Process process) {
		this.processes.add(process);
		if (stopped() != null) {
			Subprocesses.destroyTree(process);
		}
	}

}
