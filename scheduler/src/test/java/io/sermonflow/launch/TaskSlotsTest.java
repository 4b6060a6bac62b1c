package io.sermonflow.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.sermonflow.admission.Waiting;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.config.NodeIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's task slots: a claimed run's own slot, further slots for parallel branches,
 * never leaked and never held idle by two runs waiting for each other.
 */
class TaskSlotsTest {

	private final TaskSlots slots = new TaskSlots(new EngineProperties(Set.of("worker"), 2, 20, 30),
			new NodeIdentity("node-1"));

	private static final java.util.function.Consumer<Waiting> QUIET = (waiting) -> {
	};

	@Test
	void a_runs_tasks_take_its_own_slot_one_after_another_without_waiting() throws Exception {
		assertThat(this.slots.reserve("run-a")).isTrue();
		assertThat(this.slots.workers().free()).isEqualTo(1);
		for (String task : List.of("t1", "t2", "t3")) {
			this.slots.acquire("run-a", task, (waiting) -> {
				throw new AssertionError("the run's own slot was free");
			});
			assertThat(this.slots.busy()).isEqualTo(1);
			this.slots.release("run-a", task);
		}
		this.slots.runEnded("run-a");
		assertThat(this.slots.workers().free()).isEqualTo(2);
	}

	@Test
	void a_branch_with_no_free_slot_says_it_waits_for_a_worker() throws Exception {
		this.slots.reserve("run-a");
		this.slots.reserve("run-b");
		this.slots.acquire("run-a", "left", QUIET);
		List<Waiting> said = new ArrayList<>();
		CompletableFuture<Void> right = CompletableFuture.runAsync(() -> {
			try {
				this.slots.acquire("run-a", "right", said::add);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		await().until(() -> !said.isEmpty());
		assertThat(said.get(0).text()).isEqualTo("waiting for a worker (2/2 busy on node node-1)");
		assertThat(this.slots.workers().free()).isZero();
		// the other run ends: its slot goes to the waiting branch
		this.slots.runEnded("run-b");
		right.get(30, TimeUnit.SECONDS);
		assertThat(this.slots.busy()).isEqualTo(2);
	}

	@Test
	void two_runs_each_waiting_for_a_second_slot_do_not_hold_their_own_idle_for_ever() throws Exception {
		this.slots.reserve("run-a");
		this.slots.reserve("run-b");
		this.slots.acquire("run-a", "a1", QUIET);
		this.slots.acquire("run-b", "b1", QUIET);
		CompletableFuture<Void> a2 = waitFor("run-a", "a2");
		CompletableFuture<Void> b2 = waitFor("run-b", "b2");
		await().until(() -> this.slots.workers().free() == 0);
		// each run's first branch ends while its second waits: neither may keep its slot
		this.slots.release("run-a", "a1");
		this.slots.release("run-b", "b1");
		a2.get(30, TimeUnit.SECONDS);
		b2.get(30, TimeUnit.SECONDS);
	}

	@Test
	void a_runs_end_gives_back_its_own_slot_and_any_slot_its_tasks_did_not_return() throws Exception {
		this.slots.reserve("run-a");
		this.slots.acquire("run-a", "left", QUIET);
		// a second branch, whose step's end could not be recorded
		this.slots.acquire("run-a", "right", QUIET);
		assertThat(this.slots.workers().free()).isZero();
		this.slots.runEnded("run-a");
		assertThat(this.slots.workers().free()).isEqualTo(2);
		// a late release of a slot already given back gives nothing twice
		this.slots.release("run-a", "right");
		assertThat(this.slots.workers().free()).isEqualTo(2);
	}

	private CompletableFuture<Void> waitFor(String runId, String taskId) {
		return CompletableFuture.runAsync(() -> {
			try {
				this.slots.acquire(runId, taskId, QUIET);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, (task) -> new Thread(task).start());
	}

}
