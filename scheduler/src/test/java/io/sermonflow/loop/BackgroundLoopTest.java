package io.sermonflow.loop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundLoopTest {

	private static final org.slf4j.Logger log = LoggerFactory.getLogger(BackgroundLoopTest.class);

	@Test
	void runs_rounds_again_and_goes_on_after_a_failing_one() throws InterruptedException {
		AtomicInteger rounds = new AtomicInteger();
		CountDownLatch afterFailure = new CountDownLatch(3);
		BackgroundLoop loop = BackgroundLoop.of("test-loop", () -> {
			if (rounds.incrementAndGet() == 2) {
				throw new IllegalStateException("the database is away");
			}
			if (rounds.get() > 2) {
				afterFailure.countDown();
			}
		}, Duration.ofMillis(10), log);
		loop.start();
		assertThat(afterFailure.await(30, TimeUnit.SECONDS)).as("rounds after the failing one").isTrue();
		loop.stop(Duration.ofSeconds(30));
		assertThat(loop.isRunning()).isFalse();
	}

	@Test
	void stopping_waits_for_the_round_under_way_and_starts_no_other() throws InterruptedException {
		CountDownLatch inRound = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger started = new AtomicInteger();
		AtomicInteger finished = new AtomicInteger();
		BackgroundLoop loop = BackgroundLoop.of("test-loop", () -> {
			started.incrementAndGet();
			inRound.countDown();
			release.await();
			finished.incrementAndGet();
		}, Duration.ofMillis(10), log);
		loop.start();
		assertThat(inRound.await(30, TimeUnit.SECONDS)).isTrue();
		loop.requestStop();
		release.countDown();
		loop.awaitStop(Duration.ofSeconds(30));
		assertThat(finished.get()).as("the round under way ended before the wait returned").isEqualTo(1);
		assertThat(started.get()).as("no round after the stop was asked for").isEqualTo(1);
	}

	@Test
	void a_waiting_round_sees_a_requested_stop() throws InterruptedException {
		CountDownLatch waiting = new CountDownLatch(1);
		BackgroundLoop[] self = new BackgroundLoop[1];
		self[0] = BackgroundLoop.of("test-loop", () -> {
			waiting.countDown();
			while (self[0].isRunning()) {
				Thread.onSpinWait();
			}
		}, Duration.ofMillis(10), log);
		self[0].start();
		assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
		self[0].requestStop();
		self[0].awaitStop(Duration.ofSeconds(30));
		assertThat(self[0].isRunning()).isFalse();
	}

	@Test
	void runs_the_round_on_as_many_threads_as_asked() throws InterruptedException {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch all = new CountDownLatch(3);
		BackgroundLoop loop = BackgroundLoop.of("test-pollers", () -> {
			if (threads.add(Thread.currentThread().getName())) {
				all.countDown();
			}
			// each thread holds its first round until all three are in one
			all.await();
		}, Duration.ofMillis(10), log).onThreads(3);
		loop.start();
		assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
		loop.stop(Duration.ofSeconds(30));
		assertThat(threads).containsExactlyInAnyOrder("test-pollers-0", "test-pollers-1", "test-pollers-2");
	}

}
