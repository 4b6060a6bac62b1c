package io.sermonflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where CPU time goes while a benchmark runs, from the kernel's own accounting: CPU
 * seconds of process groups ({@code /proc/<pid>/stat}: user + system) and, inside this
 * JVM, of its Java threads grouped by name and of its JIT compiler threads (the rest of
 * the JVM's time is GC and other VM threads). A snapshot before and after a window gives
 * the difference.
 */
final class CpuAccount {

	/** clock ticks per second of {@code /proc} times; 100 on Linux x86-64 */
	private static final double TICKS = 100.0;

	private final Map<String, Double> seconds;

	private final Map<Long, String> threadNames;

	private final Map<Long, Double> threadSeconds;

	private final double jitSeconds;

	/** The row of the node's JIT compiler threads. */
	static final String JIT = "  node: JIT compiler threads";

	private CpuAccount(Map<String, Double> seconds, Map<Long, String> threadNames, Map<Long, Double> threadSeconds,
			double jitSeconds) {
		this.seconds = seconds;
		this.threadNames = threadNames;
		this.threadSeconds = threadSeconds;
		this.jitSeconds = jitSeconds;
	}

	/**
	 * Processes by group: this JVM, PostgreSQL's server and backends, ElasticMQ,
	 * Elasticsearch, and the whole machine (all CPUs, every process).
	 */
	static CpuAccount now() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		long self = ProcessHandle.current().pid();
		seconds.put("node JVM (all threads)", processSeconds((pid, cmd) -> pid == self));
		seconds.put("PostgreSQL (server and backends)", processSeconds((pid, cmd) -> cmd.startsWith("postgres")));
		seconds.put("ElasticMQ (SQS)", processSeconds((pid, cmd) -> cmd.contains("org.elasticmq.server.Main")));
		seconds.put("Elasticsearch", processSeconds((pid, cmd) -> cmd.contains("org.elasticsearch.")));
		seconds.put("whole machine", machineSeconds());
		Map<Long, String> names = new HashMap<>();
		Map<Long, Double> threadSeconds = new HashMap<>();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
			long nanos = (info != null) ? threads.getThreadCpuTime(info.getThreadId()) : -1;
			if (nanos >= 0) {
				names.put(info.getThreadId(), info.getThreadName());
				threadSeconds.put(info.getThreadId(), nanos / 1e9);
			}
		}
		return new CpuAccount(seconds, names, threadSeconds, jitSeconds());
	}

	/**
	 * CPU seconds spent between {@code before} and this snapshot, by group; the node's
	 * Java threads alive at the end by name, with what the JVM spent besides them.
	 */
	Map<String, Double> since(CpuAccount before) {
		Map<String, Double> spent = new LinkedHashMap<>();
		this.seconds.forEach((group, value) -> spent.put(group, value - before.seconds.getOrDefault(group, 0.0)));
		Map<String, Double> byName = new TreeMap<>();
		double javaThreads = 0;
		for (Map.Entry<Long, Double> thread : this.threadSeconds.entrySet()) {
			double delta = thread.getValue() - before.threadSeconds.getOrDefault(thread.getKey(), 0.0);
			byName.merge("  node threads " + group(this.threadNames.get(thread.getKey())), delta, Double::sum);
			javaThreads += delta;
		}
		spent.putAll(byName);
		double jit = this.jitSeconds - before.jitSeconds;
		spent.put(JIT, jit);
		spent.put("  node: GC, other VM threads and threads that ended",
				spent.get("node JVM (all threads)") - javaThreads - jit);
		return spent;
	}

	/**
	 * CPU seconds of this JVM's JIT compiler threads, which are not Java threads: the
	 * kernel names them "C1 CompilerThre…" and "C2 CompilerThre…".
	 */
	private static double jitSeconds() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			return tasks.mapToDouble((dir) -> {
				try {
					String stat = Files.readString(dir.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					if (!name.contains("CompilerThre")) {
						return 0;
					}
					return cpuSeconds(stat);
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while we looked
					return 0;
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/self/task", ex);
		}
	}

	/** "http-nio-8080-exec-12" and "http-nio-8080-exec-3" are one group. */
	static String group(String threadName) {
		return threadName.replaceAll("\\d+", "#");
	}

	private interface ProcessFilter {

		boolean test(long pid, String commandLine);

	}

	private static double processSeconds(ProcessFilter filter) {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter(isPid()).mapToDouble((dir) -> {
				long pid = Long.parseLong(dir.getFileName().toString());
				try {
					String cmd = new String(Files.readAllBytes(dir.resolve("cmdline"))).replace('\0', ' ');
					if (!filter.test(pid, cmd)) {
						return 0;
					}
					return cpuSeconds(Files.readString(dir.resolve("stat")));
				}
				catch (IOException | RuntimeException ex) {
					// the process ended while we looked
					return 0;
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc", ex);
		}
	}

	/** User and system CPU seconds from a {@code /proc/…/stat} line. */
	private static double cpuSeconds(String stat) {
		// fields after the command name, which may hold spaces: state is field 3, utime
		// 14, stime 15
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
	}

	private static Predicate<Path> isPid() {
		return (dir) -> dir.getFileName().toString().chars().allMatch(Character::isDigit);
	}

	private static double machineSeconds() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			// user nice system (idle iowait excluded) irq softirq steal
			long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
					+ Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
			return busy / TICKS;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read /proc/stat", ex);
		}
	}

}
