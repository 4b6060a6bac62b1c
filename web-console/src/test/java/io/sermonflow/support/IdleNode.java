package io.sermonflow.support;

import java.time.Duration;

import io.sermonflow.launch.TaskSlots;

/**
 * For tests that count how many tasks ran side by side: the node's task slots are all
 * free before they start, whatever an earlier test left running.
 */
public final class IdleNode {

	private IdleNode() {
	}

	public static void await(TaskSlots slots) {
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> slots.workers().free() == slots.capacity());
	}

}
