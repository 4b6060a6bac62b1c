package io.sermonflow.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sermonflow.dag.Dag;
import io.sermonflow.dag.TaskFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision after an attempt, without Spring or a database. */
class AfterAttemptTest {

	private static final TaskFunction NOOP = (context) -> null;

	private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

	/** probe → (transcode, transcribe → save) → publish; 2 retries from 10 s. */
	private static final Dag DAG = Dag.dag("ingest")
		.retries(2, Duration.ofSeconds(10), Duration.ofMinutes(1))
		.task("probe", NOOP)
		.task("transcode", List.of("probe"), NOOP)
		.task("transcribe", List.of("probe"), NOOP)
		.task("save", List.of("transcribe"), NOOP)
		.task("publish", List.of("transcode", "save"), NOOP)
		.build();

	@Test
	void a_completed_job_succeeds() {
		assertThat(decide(anAttempt(1).ending(AfterAttempt.Ending.COMPLETED))).isInstanceOf(AfterAttempt.Succeed.class);
	}

	@Test
	void a_job_that_could_not_start_for_a_lost_database_connection_is_handed_back_not_failed() {
		assertThat(AfterAttempt.launchFailed(true, "JDBC rollback failed")).isEqualTo(
				new AfterAttempt.Release("the database connection was lost while the run's job started or ended"));
		assertThat(AfterAttempt.launchFailed(false, "no such step"))
			.isEqualTo(new AfterAttempt.Fail("Could not launch the run: no such step", java.util.Set.of()));
	}

	@Test
	void a_stopped_job_was_cancelled() {
		assertThat(decide(anAttempt(1).ending(AfterAttempt.Ending.STOPPED))).isInstanceOf(AfterAttempt.Cancel.class);
	}

	@Test
	void retryable_failures_with_attempts_left_wait_for_the_next_attempt_with_backoff() {
		AfterAttempt.Verdict verdict = decide(anAttempt(1).failed("transcribe", true, "Deepgram answered 503"));
		assertThat(verdict).isInstanceOf(AfterAttempt.Retry.class);
		AfterAttempt.Retry retry = (AfterAttempt.Retry) verdict;
		// 10 s before the second attempt, scaled by a jitter of 0 to half of it
		assertThat(retry.backoff()).isEqualTo(Duration.ofSeconds(5));
		assertThat(retry.at()).isEqualTo(NOW.plusSeconds(5));
		assertThat(retry.error()).isEqualTo("transcribe: Deepgram answered 503");
	}

	@Test
	void the_last_attempt_fails_the_run_and_marks_the_unfinished_downstream_upstream_failed() {
		AfterAttempt.Verdict verdict = decide(
				anAttempt(3).failed("transcribe", true, "Deepgram answered 503").succeeded("probe", "transcode"));
		assertThat(verdict).isInstanceOf(AfterAttempt.Fail.class);
		AfterAttempt.Fail fail = (AfterAttempt.Fail) verdict;
		assertThat(fail.error()).isEqualTo("transcribe: Deepgram answered 503");
		assertThat(fail.upstreamFailed()).containsExactlyInAnyOrder("save", "publish");
	}

	@Test
	void a_permanent_failure_fails_the_run_at_once_without_burning_retries() {
		AfterAttempt.Verdict verdict = decide(anAttempt(1).failed("probe", false, "not audio"));
		assertThat(verdict).isInstanceOf(AfterAttempt.Fail.class);
		assertThat(((AfterAttempt.Fail) verdict).upstreamFailed()).containsExactlyInAnyOrder("transcode", "transcribe",
				"save", "publish");
	}

	@Test
	void one_permanent_failure_among_retryable_ones_fails_the_run() {
		AfterAttempt.Verdict verdict = decide(
				anAttempt(1).failed("transcode", false, "corrupt").failed("transcribe", true, "timeout"));
		assertThat(verdict).isInstanceOf(AfterAttempt.Fail.class);
		assertThat(((AfterAttempt.Fail) verdict).error()).isEqualTo("transcode: corrupt; transcribe: timeout");
	}

	@Test
	void a_failure_with_no_failed_task_is_not_retried_and_says_what_failed_the_job() {
		AfterAttempt.Verdict verdict = decide(anAttempt(1).jobFailure("IllegalStateException: no step"));
		assertThat(verdict).isInstanceOf(AfterAttempt.Fail.class);
		assertThat(((AfterAttempt.Fail) verdict).error()).isEqualTo("IllegalStateException: no step");
	}

	@Test
	void the_database_going_away_under_the_run_hands_it_back_without_using_an_attempt() {
		AfterAttempt.Verdict verdict = decide(anAttempt(3).failed("probe", true, "connection reset").infrastructure());
		assertThat(verdict).isInstanceOf(AfterAttempt.Release.class);
	}

	@Test
	void a_permanent_failure_is_not_excused_by_the_database_going_away() {
		assertThat(decide(anAttempt(1).failed("probe", false, "not audio").infrastructure()))
			.isInstanceOf(AfterAttempt.Fail.class);
	}

	@Test
	void a_node_that_lost_the_run_writes_nothing_whatever_the_job_did() {
		assertThat(decide(anAttempt(1).ending(AfterAttempt.Ending.COMPLETED).lost()))
			.isInstanceOf(AfterAttempt.Abandon.class);
		assertThat(decide(anAttempt(1).failed("probe", false, "x").lost())).isInstanceOf(AfterAttempt.Abandon.class);
	}

	@Test
	void a_node_whose_own_lease_lapsed_hands_the_run_back() {
		assertThat(decide(anAttempt(1).ending(AfterAttempt.Ending.STOPPED).leaseLapsed()))
			.isInstanceOf(AfterAttempt.Release.class);
	}

	private static AfterAttempt.Verdict decide(AttemptBuilder attempt) {
		return AfterAttempt.decide(attempt.build(), DAG, NOW, () -> 0.0);
	}

	private static AttemptBuilder anAttempt(int number) {
		return new AttemptBuilder(number);
	}

	/** An attempt of an ingest run: every task PENDING unless said otherwise. */
	private static final class AttemptBuilder {

		private final int attempt;

		private AfterAttempt.Ending ending = AfterAttempt.Ending.FAILED;

		private final Map<String, TaskRun> tasks = new java.util.LinkedHashMap<>();

		private String jobFailure;

		private boolean infrastructure;

		private boolean lost;

		private boolean leaseLapsed;

		AttemptBuilder(int attempt) {
			this.attempt = attempt;
			DAG.tasks().forEach((task) -> this.tasks.put(task.id(), task(task.id(), TaskStatus.PENDING, null)));
		}

		AttemptBuilder ending(AfterAttempt.Ending ending) {
			this.ending = ending;
			return this;
		}

		AttemptBuilder failed(String taskId, boolean retryable, String message) {
			this.tasks.put(taskId, task(taskId, TaskStatus.FAILED,
					new TaskRun.TaskError("java.lang.RuntimeException", message, retryable, "")));
			return this;
		}

		AttemptBuilder succeeded(String... taskIds) {
			for (String taskId : taskIds) {
				this.tasks.put(taskId, task(taskId, TaskStatus.SUCCEEDED, null));
			}
			return this;
		}

		AttemptBuilder jobFailure(String failure) {
			this.jobFailure = failure;
			return this;
		}

		AttemptBuilder infrastructure() {
			this.infrastructure = true;
			return this;
		}

		AttemptBuilder lost() {
			this.lost = true;
			return this;
		}

		AttemptBuilder leaseLapsed() {
			this.leaseLapsed = true;
			return this;
		}

		AfterAttempt.Attempt build() {
			Run run = new Run("run-1", DAG.id(), RunStatus.RUNNING, this.attempt, 3, 1, null, Map.of(), 0, null,
					"node-1", null, null, NOW, NOW, null, null, false, null, null, null, List.of(), DAG.version(), null,
					1, null);
			return new AfterAttempt.Attempt(run, this.ending, new ArrayList<>(this.tasks.values()), this.jobFailure,
					this.infrastructure, this.lost, this.leaseLapsed);
		}

		private static TaskRun task(String id, TaskStatus status, TaskRun.TaskError error) {
			return new TaskRun(id, status, 1, null, null, null, error, null, null, null);
		}

	}

}
