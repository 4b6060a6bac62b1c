package io.sermonflow.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.sermonflow.admission.Waiting;
import io.sermonflow.config.EngineProperties;
import io.sermonflow.config.NodeIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's task slots: reserved for a claimed run, held by tasks, never leaked. */
class TaskSlotsTest {

	private final TaskSlots slots = new TaskSlots(new EngineProperties(Set.of("worker"), 2, 20, 30),
			new NodeIdentity("node-1"));

	@Test
	void a_claimed_runs_first_task_takes_the_slot_reserved_for_it() throws Exception {
		assertThat(this.slots.reserve("run-a")).isTrue();
		assertThat(this.slots.workers().free()).isEqualTo(1);
		this.slots.acquire("run-a", (waiting) -> {
			throw new AssertionError("the reservation was there");
		});
		assertThat(this.slots.busy()).isEqualTo(1);
		this.slots.release("run-a");
		this.slots.runEnded("run-a");
		assertThat(this.slots.workers().free()).isEqualTo(2);
	}

	@Test
	void a_task_with_no_free_slot_says_it_waits_for_a_worker() throws Exception {
		this.slots.acquire("run-a", (waiting) -> {
		});
		this.slots.acquire("run-b", (waiting) -> {
		});
		List<Waiting> said = new ArrayList<>();
		Thread waiter = new Thread(() -> {
			try {
				this.slots.acquire("run-c", said::add);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		waiter.start();
		org.awaitility.Awaitility.await().until(() -> !said.isEmpty());
		assertThat(said.get(0).text()).isEqualTo("waiting for a worker (2/2 busy on node node-1)");
		assertThat(this.slots.workers().free()).isZero();
		this.slots.release("run-a");
		waiter.join(30_000);
		assertThat(waiter.isAlive()).isFalse();
	}

	@Test
	void a_runs_end_gives_back_its_unused_reservation_and_any_slot_its_tasks_did_not_return() throws Exception {
		this.slots.reserve("run-a");
		this.slots.reserve("run-b");
		// run-b's task took its slot, and its step's end could not be recorded
		this.slots.acquire("run-b", (waiting) -> {
		});
		this.slots.runEnded("run-a");
		this.slots.runEnded("run-b");
		assertThat(this.slots.workers().free()).isEqualTo(2);
		// a late release of a slot already given back gives nothing twice
		this.slots.release("run-b");
		assertThat(this.slots.workers().free()).isEqualTo(2);
	}

}
