package io.sermonflow.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

/**
 * A round of work run again and again on its own daemon threads until stopped: the
 * dispatcher's claim round, the intake's receive round, the outbox relay, the task-log
 * writer, a notification listener. A round that fails is logged and tried again after a
 * pause, so a database or queue that is away costs a warning every few seconds, not a
 * dead thread. Stopping asks for no new round and waits for the current ones to end; a
 * round that waits (a long poll, a semaphore) reads {@link #isRunning()} to end early.
 */
public final class BackgroundLoop {

	/** One round of work; it may throw, and the loop goes on after a pause. */
	@FunctionalInterface
	public interface Round {

		void run() throws Exception;

	}

	private final String name;

	private final int threads;

	private final Round round;

	private final Duration pauseAfterFailure;

	private final Logger log;

	private final List<Thread> started = new ArrayList<>();

	private volatile boolean running;

	private BackgroundLoop(String name, int threads, Round round, Duration pauseAfterFailure, Logger log) {
		this.name = name;
		this.threads = threads;
		this.round = round;
		this.pauseAfterFailure = pauseAfterFailure;
		this.log = log;
	}

	/**
	 * A loop of {@code round} on one thread named {@code name}; a failure is logged to
	 * {@code log} and the next round waits {@code pauseAfterFailure}.
	 */
	public static BackgroundLoop of(String name, Round round, Duration pauseAfterFailure, Logger log) {
		return new BackgroundLoop(name, 1, round, pauseAfterFailure, log);
	}

	/**
	 * The same round on {@code threads} threads at once ({@code name-0},
	 * {@code name-1}…).
	 */
	public BackgroundLoop onThreads(int threads) {
		return new BackgroundLoop(this.name, Math.max(1, threads), this.round, this.pauseAfterFailure, this.log);
	}

	public synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.threads; i++) {
			Thread thread = new Thread(this::loop, (this.threads == 1) ? this.name : this.name + "-" + i);
			thread.setDaemon(true);
			thread.start();
			this.started.add(thread);
		}
	}

	/**
	 * Asks for no new round and waits up to {@code wait} for each thread's current round
	 * to end.
	 */
	public void stop(Duration wait) {
		requestStop();
		awaitStop(wait);
	}

	/**
	 * Asks for no new round, without waiting: for an owner with more to do (wake a
	 * waiting round, mark itself draining) before it waits with {@link #awaitStop}.
	 */
	public void requestStop() {
		this.running = false;
	}

	/** Waits up to {@code wait} for each thread's current round to end. */
	public synchronized void awaitStop(Duration wait) {
		try {
			for (Thread thread : this.started) {
				thread.join(wait.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.started.clear();
	}

	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		while (this.running) {
			try {
				this.round.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				if (!this.running) {
					return;
				}
				this.log.warn("{}: a round failed; trying again in {} ms: {}", this.name,
						this.pauseAfterFailure.toMillis(), ex.toString());
				try {
					Thread.sleep(this.pauseAfterFailure.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
