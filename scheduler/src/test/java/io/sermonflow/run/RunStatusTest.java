package io.sermonflow.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunStatusTest {

	@Test
	void only_succeeded_failed_and_cancelled_end_a_run() {
		assertThat(RunStatus.values()).filteredOn(RunStatus::isTerminal)
			.containsExactlyInAnyOrder(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED);
	}

	@Test
	void an_operator_reopens_an_ended_run_by_queueing_it_again() {
		assertThat(RunStatus.sourcesOf(RunStatus.QUEUED)).contains(RunStatus.FAILED, RunStatus.SUCCEEDED,
				RunStatus.CANCELLED, RunStatus.RETRY_WAIT);
	}

	@Test
	void an_illegal_transition_throws() {
		assertThatThrownBy(() -> RunStatus.SUCCEEDED.moveTo(RunStatus.RUNNING))
			.isInstanceOf(IllegalTransitionException.class)
			.hasMessage("Illegal run transition SUCCEEDED -> RUNNING");
		assertThatThrownBy(() -> TaskStatus.SUCCEEDED.moveTo(TaskStatus.FAILED))
			.isInstanceOf(IllegalTransitionException.class);
	}

	@Test
	void a_queued_run_starts_running() {
		assertThat(RunStatus.QUEUED.moveTo(RunStatus.RUNNING)).isEqualTo(RunStatus.RUNNING);
		assertThat(TaskStatus.PENDING.moveTo(TaskStatus.RUNNING)).isEqualTo(TaskStatus.RUNNING);
	}

}
