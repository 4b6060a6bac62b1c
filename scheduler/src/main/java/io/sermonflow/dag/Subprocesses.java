package io.sermonflow.dag;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Starts the operating-system processes a task needs (ffmpeg, PocketSphinx) so that the
 * engine can kill them with their whole process tree when the task times out or its node
 * loses the run. Threads a task creates while it runs inherit its registration.
 */
public final class Subprocesses {

	private static final InheritableThreadLocal<Consumer<Process>> OWNER = new InheritableThreadLocal<>();

	private Subprocesses() {
	}

	/** Starts a process, owned by the task running on this thread (if any). */
	public static Process start(ProcessBuilder builder) throws IOException {
		Process process = builder.start();
		Consumer<Process> owner = OWNER.get();
		if (owner != null) {
			owner.accept(process);
		}
		return process;
	}

	/** Kills a process and every process it started. */
	public static void destroyTree(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

	/**
	 * Registers the processes this thread (and the threads it creates) start with
	 * {@code owner} until {@link #release()}.
	 */
	public static void ownedBy(Consumer<Process> owner) {
		OWNER.set(owner);
	}

	public static void release() {
		OWNER.remove();
	}

}
