package io.sermonflow.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node a test starts in a JVM of its own (this test's class path), to kill with
 * {@code kill -9} or freeze with SIGSTOP; its output goes to a temporary log file.
 */
public record NodeProcess(Process process, Path log) {

	/**
	 * Starts {@code mainClass} with {@code arguments}; an argument of {@code overrides}
	 * replaces the one of the same name (Spring would join both).
	 */
	public static NodeProcess start(String name, String mainClass, List<String> arguments, String... overrides)
			throws IOException {
		Path log = Files.createTempFile("sermonflow-child-" + name, ".log");
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(arguments);
		for (String argument : overrides) {
			String option = argument.substring(0, argument.indexOf('=') + 1);
			command.removeIf((existing) -> existing.startsWith(option));
			command.add(argument);
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new NodeProcess(process, log);
	}

	/** What the node has logged so far. */
	public String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** Sends the process a signal (STOP, CONT) with kill(1). */
	public void signal(String signal) throws IOException, InterruptedException {
		int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " exited " + exit);
		}
	}

	/** Ends the node: woken if frozen, then killed. */
	public void stop() throws IOException, InterruptedException {
		if (this.process.isAlive()) {
			signal("CONT");
			this.process.destroyForcibly();
		}
	}

}
