package io.sermonflow.launch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sermonflow.dag.Subprocesses;
import io.sermonflow.error.SermonflowException;
import io.sermonflow.error.TimedOutException;
import io.sermonflow.run.Claim;
import io.sermonflow.run.LostClaimException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Stopping a task: its thread interrupted, its process tree killed, nothing leaking. */
class TaskWatchTest {

	private final TaskWatch watch = new TaskWatch("transcode", new Claim("run-1", "node-1", 3), Duration.ofSeconds(2),
			Duration.ofHours(6));

	@Test
	void a_timeout_interrupts_the_task_and_kills_the_processes_it_started_with_their_children() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		long[] pids = new long[2];
		CompletableFuture<Throwable> task = CompletableFuture.supplyAsync(() -> {
			this.watch.enter();
			try {
				// a shell that starts a grandchild, as a tool that forks would
				Process shell = Subprocesses
					.start(new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; wait").redirectErrorStream(true));
				pids[0] = shell.pid();
				pids[1] = Long
					.parseLong(new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))
						.readLine()
						.trim());
				started.countDown();
				shell.waitFor();
				// the process can be killed and reaped before this thread reaches
				// waitFor(),
				// which then returns at once without looking at the interrupt: the flag
				// still says the thread was interrupted
				return Thread.currentThread().isInterrupted() ? new InterruptedException("interrupted") : null;
			}
			catch (Exception ex) {
				return ex;
			}
			finally {
				this.watch.exit();
			}
		});
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
		this.watch.stop(TaskWatch.Stop.TIMED_OUT);
		assertThat(task.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(pids[0]).map((p) -> !p.isAlive()).orElse(true)
					&& ProcessHandle.of(pids[1]).map((p) -> !p.isAlive()).orElse(true));
		RuntimeException failure = this.watch.failure();
		assertThat(failure).isInstanceOf(TimedOutException.class)
			.hasMessage("Task 'transcode' timed out after 2 s; it was stopped and its processes killed");
		assertThat(SermonflowException.isRetryable(failure)).isTrue();
	}

	@Test
	void a_stop_between_callbacks_interrupts_nothing_and_fails_the_next_callback() {
		this.watch.stop(TaskWatch.Stop.RUN_TIMED_OUT);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThatThrownBy(this.watch::enter).isInstanceOf(TimedOutException.class)
			.hasMessageContaining("The run exceeded its timeout of 6 h during task 'transcode'")
			.satisfies((ex) -> assertThat(SermonflowException.isRetryable(ex)).isFalse());
	}

	@Test
	void an_interrupt_meant_for_the_task_does_not_outlive_its_code() {
		this.watch.enter();
		this.watch.stop(TaskWatch.Stop.LOST);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		this.watch.exit();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(this.watch.failure()).isInstanceOf(LostClaimException.class).hasMessageContaining("run-1");
	}

}
