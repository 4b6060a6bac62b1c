package io.sermonflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.sermonflow.dag.ChunkSpec;
import io.sermonflow.dag.Dag;
import io.sermonflow.error.RetryableException;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** DAGs that exercise the engine's semantics, with a ledger of their side effects. */
@TestConfiguration(proxyBeanMethods = false)
public class TestDags {

	public static final int CHUNK_ITEMS = 50;

	@Bean
	Ledger ledger() {
		return new Ledger();
	}

	/**
	 * A DAG the live-stream tests pause, so its run stays QUEUED while pages watch it.
	 */
	@Bean
	Dag testWatched() {
		return Dag.dag("test-watched").task("only", (c) -> Map.of()).build();
	}

	/** Started by the event {@code test/ping}: one task that answers at once. */
	@Bean
	Dag testPing() {
		return Dag.dag("test-ping").triggeredBy("test/ping").task("pong", (c) -> Map.of("pong", true)).build();
	}

	/** One task that sleeps {@code sleepMs} (default 0), to keep a worker busy. */
	@Bean
	Dag testSleep() {
		return Dag.dag("test-sleep").task("sleep", (c) -> {
			Object ms = c.data().get("sleepMs");
			return sleep((ms instanceof Number number) ? number.longValue() : 0);
		}).build();
	}

	/**
	 * Four tasks in a chain, each sleeping {@code sleepMs} (default 300): runs long
	 * enough to be interrupted, or shared between nodes.
	 */
	@Bean
	Dag testChain() {
		Dag.Builder dag = Dag.dag("test-chain");
		String previous = null;
		for (String task : List.of("t1", "t2", "t3", "t4")) {
			dag.task(task, (previous != null) ? List.of(previous) : List.of(), (c) -> {
				Object ms = c.data().get("sleepMs");
				return sleep((ms instanceof Number number) ? number.longValue() : 300);
			});
			previous = task;
		}
		return dag.build();
	}

	@Bean
	Dag testParallel() {
		return Dag.dag("test-parallel")
			.task("start", (c) -> Map.of())
			.task("left", List.of("start"), (c) -> sleep(700))
			.task("right", List.of("start"), (c) -> sleep(700))
			.task("join", List.of("left", "right"), (c) -> Map.of("joined", true))
			.build();
	}

	/** t2 fails (retryably) on its first attempt; t1 and t3 record every execution. */
	@Bean
	Dag testMemo(Ledger ledger) {
		return Dag.dag("test-memo")
			.retries(2, Duration.ofMillis(100), Duration.ofMillis(200))
			.task("t1", (c) -> Map.of("n", ledger.count(c.runId() + ":t1")))
			.task("t2", List.of("t1"), (c) -> {
				int n = ledger.count(c.runId() + ":t2");
				if (n == 1 && !Boolean.TRUE.equals(c.data().get("neverFail"))) {
					throw new RetryableException("t2 fails its first attempt");
				}
				return Map.of("n", n, "fromT1", c.result("t1", Map.class).get("n"));
			})
			.task("t3", List.of("t2"), (c) -> Map.of("n", ledger.count(c.runId() + ":t3")))
			.build();
	}

	@Bean
	Dag testAlwaysFails(Ledger ledger) {
		return Dag.dag("test-always-fails")
			.retries(2, Duration.ofMillis(100), Duration.ofMillis(200))
			.task("doomed", (c) -> {
				c.log("attempt " + ledger.count(c.runId() + ":doomed"));
				throw new RetryableException("the service is still down");
			})
			.task("after", List.of("doomed"), (c) -> Map.of())
			.onFailure((failure) -> Map.of("calls", ledger.count(failure.runId() + ":onFailure")))
			.build();
	}

	/**
	 * 50 items in chunks of 10; item 25 fails the first attempt, so the retry resumes
	 * mid-way.
	 */
	@Bean
	Dag testChunk(Ledger ledger) {
		ChunkSpec<Integer, Integer> chunk = new ChunkSpec<>((c) -> numbers(CHUNK_ITEMS), (item, c) -> {
			if (item == 25 && ledger.count(c.runId() + ":item25") == 1) {
				throw new RetryableException("item 25 fails once");
			}
			return item;
		}, (items, c) -> ledger.written(c.runId()).addAll(items), 10, 0, 0);
		return Dag.dag("test-chunk")
			.retries(1, Duration.ofMillis(100), Duration.ofMillis(100))
			.chunkTask("numbers", List.of(), chunk)
			.build();
	}

	/** A slow chunk task to cancel in the middle: 40 chunks of one item, 100 ms each. */
	@Bean
	Dag testSlowChunk(Ledger ledger) {
		ChunkSpec<Integer, Integer> chunk = new ChunkSpec<>((c) -> numbers(40), (item, c) -> item, (items, c) -> {
			sleep(100);
			ledger.written(c.runId()).addAll(items);
		}, 1, 0, 0);
		return Dag.dag("test-slow-chunk").chunkTask("slow", List.of(), chunk).build();
	}

	@Bean
	Dag testLimited() {
		return Dag.dag("test-limited").maxActiveRuns(2).task("work", (c) -> sleep(300)).build();
	}

	/**
	 * Runs of 2 s: a later run of one key waits long enough for a test on a loaded
	 * machine to see it wait.
	 */
	@Bean
	Dag testKeyed() {
		return Dag.dag("test-keyed").concurrencyKey("churchId", 1).task("work", (c) -> sleep(2000)).build();
	}

	/** Its task holds a slot of pool test-local, capped per node, while it runs. */
	@Bean
	Dag testNodePooled() {
		return Dag.dag("test-node-pooled").task("local", (c) -> sleep(600)).pool("test-local").build();
	}

	/**
	 * {@code square} is mapped over the items {@code split} lists ({@code n} of them,
	 * each sleeping {@code sleepMs}); {@code fail} names an item whose piece fails
	 * permanently on its first run, {@code flaky} one that fails retryably on its first
	 * run. {@code sum} adds the squares, read back in the items' order.
	 */
	@Bean
	Dag testMapped(Ledger ledger) {
		return Dag.dag("test-mapped").task("split", (c) -> {
			int n = ((Number) c.data().getOrDefault("n", 4)).intValue();
			List<Map<String, Object>> items = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				items.add(Map.of("i", i, "sleepMs", c.data().getOrDefault("sleepMs", 0)));
			}
			return (c.data().get("notAList") != null) ? Map.of("not", "a list") : items;
		}).mappedTask("square", "split", (c) -> {
			Map<?, ?> item = c.item(Map.class);
			int i = ((Number) item.get("i")).intValue();
			sleep(((Number) item.get("sleepMs")).longValue());
			int run = ledger.count(c.runId() + ":square:" + i);
			if (Integer.valueOf(i).equals(c.data().get("fail")) && run == 1) {
				throw new io.sermonflow.error.PermanentException("item " + i + " is broken");
			}
			if (Integer.valueOf(i).equals(c.data().get("flaky")) && run == 1) {
				throw new RetryableException("item " + i + " hiccuped");
			}
			return Map.of("i", i, "square", i * i);
		}).pool("test-pieces").task("sum", List.of("square"), (c) -> {
			List<?> squares = c.result("square", List.class);
			List<Integer> order = new ArrayList<>();
			int sum = 0;
			for (Object square : squares) {
				order.add(((Number) ((Map<?, ?>) square).get("i")).intValue());
				sum += ((Number) ((Map<?, ?>) square).get("square")).intValue();
			}
			return Map.of("sum", sum, "order", order);
		}).build();
	}

	/** Its heavy task holds the one slot of pool test-heavy while it runs. */
	@Bean
	Dag testPooled() {
		return Dag.dag("test-pooled")
			.task("prepare", (c) -> Map.of())
			.task("heavy", List.of("prepare"), (c) -> sleep(600))
			.pool("test-heavy")
			.task("light", List.of("prepare"), (c) -> Map.of())
			.task("finish", List.of("heavy", "light"), (c) -> Map.of())
			.build();
	}

	/**
	 * Recording its event is slow: choosing its tasks takes 5 s, over twice the test
	 * queue's 2 s visibility timeout. Counts how often the intake records it.
	 */
	@Bean
	Dag testSlowIntake(Ledger ledger) {
		return Dag.dag("test-slow-intake").triggeredBy("test/slow-intake").selectTasks((data) -> {
			ledger.count("slow-intake:" + data.get("key"));
			try {
				Thread.sleep(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return List.of("work");
		}).task("work", (c) -> Map.of()).build();
	}

	/**
	 * Used by the pause and recovery tests, which hold its runs back by pausing it; its
	 * onFailure handler counts its calls.
	 */
	@Bean
	Dag testHeld(Ledger ledger) {
		return Dag.dag("test-held")
			.task("first", (c) -> Map.of("n", ledger.count(c.runId() + ":first")))
			.task("second", List.of("first"), (c) -> Map.of("n", ledger.count(c.runId() + ":second")))
			.onFailure((failure) -> Map.of("calls", ledger.count(failure.runId() + ":onFailure")))
			.build();
	}

	/**
	 * Fails permanently; its onFailure handler fails on its first call, then succeeds
	 * (retried after 1 s).
	 */
	@Bean
	Dag testFlakyHandler(Ledger ledger) {
		return Dag.dag("test-flaky-handler").task("doomed", (c) -> {
			throw new io.sermonflow.error.PermanentException("the input is bad");
		}).onFailure((failure) -> {
			int call = ledger.count(failure.runId() + ":onFailure");
			if (call == 1) {
				throw new IllegalStateException("the webhook receiver is down");
			}
			return Map.of("calls", call);
		}).build();
	}

	/** Fails permanently; its onFailure handler always fails, and is tried 3 times. */
	@Bean
	Dag testHopelessHandler(Ledger ledger) {
		return Dag.dag("test-hopeless-handler").task("doomed", (c) -> {
			throw new io.sermonflow.error.PermanentException("the input is bad");
		}).onFailure((failure) -> {
			ledger.count(failure.runId() + ":onFailure");
			throw new IllegalStateException("the webhook receiver is gone for good");
		}, 2).build();
	}

	/**
	 * Two tasks that never return, each timing out after 2 s: one waits for a shell that
	 * started a grandchild (the processes' ids go to the ledger), one sleeps in Java. One
	 * retry.
	 */
	@Bean
	Dag testHung(Ledger ledger) {
		return Dag.dag("test-hung")
			.retries(1, Duration.ofMillis(100), Duration.ofMillis(100))
			.taskTimeout(Duration.ofSeconds(2))
			.task("hang_process", (c) -> {
				Process shell = io.sermonflow.dag.Subprocesses
					.start(new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; wait").redirectErrorStream(true));
				String grandchild = new java.io.BufferedReader(
						new java.io.InputStreamReader(shell.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))
					.readLine();
				ledger.processes(c.runId()).add(shell.pid());
				ledger.processes(c.runId()).add(Long.parseLong(grandchild.trim()));
				return Map.of("exit", shell.waitFor());
			})
			.task("hang_java", (c) -> sleep(600_000))
			.onFailure((failure) -> Map.of("calls", ledger.count(failure.runId() + ":onFailure")))
			.build();
	}

	/** Fails retryably, and waits 5 to 10 s before its one retry. */
	@Bean
	Dag testSlowRetry() {
		return Dag.dag("test-slow-retry")
			.retries(1, Duration.ofSeconds(10), Duration.ofSeconds(10))
			.task("flaky", (c) -> {
				throw new RetryableException("the service is down for now");
			})
			.build();
	}

	/** Four parallel branches of 1.5 s each between a start and a join. */
	@Bean
	Dag testWide() {
		Dag.Builder dag = Dag.dag("test-wide").task("start", (c) -> Map.of());
		List<String> branches = List.of("b1", "b2", "b3", "b4");
		for (String branch : branches) {
			dag.task(branch, List.of("start"), (c) -> sleep(1500));
		}
		return dag.task("join", branches, (c) -> Map.of()).build();
	}

	@Bean
	Dag testBigResult() {
		return Dag.dag("test-big-result").task("huge", (c) -> "x".repeat(2 * 1024 * 1024)).build();
	}

	/** Emits an event bigger than one SQS message. */
	@Bean
	Dag testBigEmit() {
		return Dag.dag("test-big-emit")
			.task("emitter", (c) -> Map.of("eventId", c.emit("test/emitted", Map.of("blob", "x".repeat(300 * 1024)))))
			.build();
	}

	@Bean
	Dag testEmit() {
		return Dag.dag("test-emit")
			.task("emitter", (c) -> Map.of("eventId", c.emit("test/emitted", Map.of("from", c.runId()))))
			.build();
	}

	/** Sends an event an hour from now: a timer, listed with the schedules. */
	@Bean
	Dag testSendLater() {
		return Dag.dag("test-send-later")
			.task("later",
					(c) -> Map.of("eventId",
							c.sendAt(java.time.Instant.now().plus(Duration.ofHours(1)), "test/later", Map.of("n", 7))))
			.build();
	}

	@Bean
	Dag testTimeout() {
		return Dag.dag("test-timeout")
			.timeout(Duration.ofSeconds(1))
			.task("slow", (c) -> sleep(1500))
			.task("late", List.of("slow"), (c) -> Map.of())
			.build();
	}

	private static Map<String, Object> sleep(long millis) throws InterruptedException {
		Thread.sleep(millis);
		return Map.of("sleptMs", millis);
	}

	private static ChunkSpec.Items<Integer> numbers(int count) {
		return new ChunkSpec.Items<>() {

			private int next;

			@Override
			public Integer next() {
				return (this.next < count) ? this.next++ : null;
			}

			@Override
			public long total() {
				return count;
			}

		};
	}

	/** Side effects of the test DAGs, per run. */
	public static class Ledger {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		private final Map<String, List<Integer>> written = new ConcurrentHashMap<>();

		private final Map<String, List<Long>> processes = new ConcurrentHashMap<>();

		public int count(String key) {
			return this.counts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}

		public int get(String key) {
			AtomicInteger count = this.counts.get(key);
			return (count != null) ? count.get() : 0;
		}

		public List<Integer> written(String runId) {
			return this.written.computeIfAbsent(runId, (k) -> Collections.synchronizedList(new ArrayList<>()));
		}

		/** The operating-system processes a run's tasks started. */
		public List<Long> processes(String runId) {
			return this.processes.computeIfAbsent(runId, (k) -> Collections.synchronizedList(new ArrayList<>()));
		}

	}

}
