package io.sermonflow.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sermonflow.admission.Limits;
import io.sermonflow.admission.Workers;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.dag.TaskFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every run store promises (the {@link RunStore}, {@link RunClaims} and
 * {@link ClaimedRuns} ports together), whatever keeps the runs: each implementation
 * extends this class and runs every case. Each case uses a DAG of its own, so cases do
 * not see each other's runs.
 */
public abstract class RunStoreContract {

	private static final TaskFunction NOOP = (context) -> null;

	private static final String NODE = "contract-node";

	private Dag dag;

	private DagRegistry dags;

	protected abstract RunStore runs();

	protected abstract RunClaims claims();

	protected abstract ClaimedRuns claimed();

	/** Moves the store's clock on. */
	protected abstract void advance(Duration duration);

	/** Runs the work in one transaction of the store, as a task's step does. */
	protected abstract void inTransaction(Runnable work);

	@BeforeEach
	void aDagOfItsOwn() {
		this.dag = Dag.dag("contract-" + UUID.randomUUID().toString().substring(0, 8))
			.task("probe", NOOP)
			.task("transcode", List.of("probe"), NOOP)
			.task("publish", List.of("transcode"), NOOP)
			.build();
		this.dags = new DagRegistry(List.of(this.dag));
	}

	@Test
	void a_created_run_is_queued_with_its_tasks_pending_in_order_and_its_data_kept() {
		NewRun created = queue(Map.of("sermonId", "s-1", "tasks", 3));

		Run run = runs().find(created.runId()).orElseThrow();
		assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
		assertThat(run.dagId()).isEqualTo(this.dag.id());
		assertThat(run.dagVersion()).isEqualTo(this.dag.version());
		assertThat(run.attempt()).isEqualTo(1);
		assertThat(run.data()).containsEntry("sermonId", "s-1").containsEntry("tasks", 3);
		assertThat(run.tasks()).extracting(TaskRun::taskId).containsExactly("probe", "transcode", "publish");
		assertThat(run.tasks()).extracting(TaskRun::status).containsOnly(TaskStatus.PENDING);
	}

	@Test
	void an_unknown_run_is_not_found() {
		assertThat(runs().find("no-such-run")).isEmpty();
	}

	@Test
	void lists_newest_first_filtered_by_dag_and_status_and_pages_on() {
		NewRun first = queue(Map.of());
		advance(Duration.ofSeconds(1));
		NewRun second = queue(Map.of());
		advance(Duration.ofSeconds(1));
		NewRun third = queue(Map.of());
		assertThat(runs().cancelWaiting(second.runId())).isTrue();

		assertThat(ids(new RunQuery(this.dag.id(), null, null, 10))).containsExactly(third.runId(), second.runId(),
				first.runId());
		assertThat(ids(new RunQuery(this.dag.id(), RunStatus.CANCELLED, null, 10))).containsExactly(second.runId());
		Run newest = runs().find(third.runId()).orElseThrow();
		assertThat(ids(new RunQuery(this.dag.id(), null, newest.createdAt(), 10))).containsExactly(second.runId(),
				first.runId());
		assertThat(ids(new RunQuery(this.dag.id(), null, null, 1))).containsExactly(third.runId());
	}

	@Test
	void a_waiting_run_is_cancelled_once_and_a_running_one_is_asked_to_stop() {
		NewRun waiting = queue(Map.of());
		assertThat(runs().cancelWaiting(waiting.runId())).isTrue();
		assertThat(runs().cancelWaiting(waiting.runId())).as("already cancelled").isFalse();
		assertThat(runs().find(waiting.runId()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);

		Claim claim = claimOne(queue(Map.of()));
		assertThat(runs().cancelWaiting(claim.runId())).as("running, not waiting").isFalse();
		assertThat(claimed().isCancelRequested(claim.runId())).isFalse();
		assertThat(runs().requestCancel(claim.runId())).isTrue();
		assertThat(claimed().isCancelRequested(claim.runId())).isTrue();
		assertThat(claimed().startTask(claim, "probe").outcome()).isEqualTo(TaskStart.Outcome.CANCELLED);
	}

	@Test
	void claims_no_more_runs_than_free_workers_and_says_why_the_others_wait() {
		NewRun first = queue(Map.of());
		NewRun second = queue(Map.of());

		List<Run> claimedRuns = claims().claimQueued(new Workers(NODE, 1, 1), this.dags, this::noLimits);
		assertThat(claimedRuns).extracting(Run::runId).containsExactly(first.runId());
		Run running = runs().find(first.runId()).orElseThrow();
		assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
		assertThat(running.nodeId()).isEqualTo(NODE);

		assertThat(claims().claimQueued(new Workers(NODE, 1, 0), this.dags, this::noLimits)).isEmpty();
		Run waiting = runs().find(second.runId()).orElseThrow();
		assertThat(waiting.status()).isEqualTo(RunStatus.QUEUED);
		assertThat(waiting.waitingReason()).isNotBlank();
	}

	@Test
	void a_paused_dag_admits_nothing() {
		NewRun run = queue(Map.of());
		assertThat(claims().claimQueued(new Workers(NODE, 2, 2), this.dags, (dagId) -> new Limits(true, 0, null, 0)))
			.isEmpty();
		assertThat(runs().find(run.runId()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
	}

	@Test
	void a_run_behind_more_held_back_runs_than_a_first_look_covers_is_still_admitted() {
		Dag held = Dag.dag(this.dag.id() + "-held").task("probe", NOOP).build();
		DagRegistry both = new DagRegistry(List.of(held, this.dag));
		List<NewRun> heldRuns = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			heldRuns.add(NewRun.of(held, null, Map.of()));
			runs().create(heldRuns.get(i));
		}
		NewRun behind = queue(Map.of());

		List<Run> claimedRuns = claims().claimQueued(new Workers(NODE, 1, 1), both,
				(dagId) -> new Limits(dagId.equals(held.id()), 0, null, 0));

		assertThat(claimedRuns).extracting(Run::runId).containsExactly(behind.runId());
		assertThat(heldRuns)
			.allSatisfy((run) -> assertThat(runs().find(run.runId()).orElseThrow().waitingReason()).contains("paused"));
	}

	@Test
	void results_are_kept_and_a_run_whose_tasks_all_succeeded_succeeds() {
		Claim claim = claimOne(queue(Map.of()));
		for (String task : List.of("probe", "transcode", "publish")) {
			assertThat(claimed().startTask(claim, task).outcome()).isEqualTo(TaskStart.Outcome.STARTED);
			inTransaction(() -> claimed().taskSucceeded(claim, task, "{\"task\":\"" + task + "\"}"));
		}
		assertThat(claimed().succeed(claim, null)).isTrue();

		Run run = runs().find(claim.runId()).orElseThrow();
		assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
		assertThat(run.endedAt()).isNotNull();
		assertThat(run.tasks()).extracting(TaskRun::status).containsOnly(TaskStatus.SUCCEEDED);
		assertThat(claimed().taskOutput(claim.runId(), "transcode")).contains("{\"task\": \"transcode\"}");
	}

	@Test
	void a_failed_run_is_requeued_as_its_next_attempt_keeping_the_results_of_succeeded_tasks() {
		Claim claim = claimOne(queue(Map.of()));
		claimed().startTask(claim, "probe");
		inTransaction(() -> claimed().taskSucceeded(claim, "probe", "{\"seconds\":12}"));
		claimed().startTask(claim, "transcode");
		assertThat(claimed().taskFailed(claim, "transcode",
				new TaskRun.TaskError("MediaException", "corrupt", false, "trace")))
			.isTrue();
		assertThat(claimed().fail(claim, "transcode failed", null, List.of("publish"))).isTrue();
		Run failed = runs().find(claim.runId()).orElseThrow();
		assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
		assertThat(failed.tasks()).extracting(TaskRun::status)
			.containsExactly(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.UPSTREAM_FAILED);
		assertThat(failed.tasks().get(1).error().message()).isEqualTo("corrupt");

		assertThat(runs().requeue(claim.runId(), Set.of(RunStatus.RUNNING))).as("not in that state").isFalse();
		assertThat(runs().requeue(claim.runId(), Set.of(RunStatus.FAILED))).isTrue();
		Run again = runs().find(claim.runId()).orElseThrow();
		assertThat(again.status()).isEqualTo(RunStatus.QUEUED);
		assertThat(again.attempt()).isEqualTo(2);
		assertThat(again.tasks()).extracting(TaskRun::status)
			.containsExactly(TaskStatus.SUCCEEDED, TaskStatus.PENDING, TaskStatus.PENDING);
		assertThat(claimed().taskOutput(claim.runId(), "probe")).hasValueSatisfying((output) -> output.contains("12"));
	}

	@Test
	void clearing_a_task_of_an_ended_run_queues_a_new_generation_that_reuses_upstream_results() {
		NewRun queued = queue(Map.of());
		assertThat(runs().clear(queued.runId(), List.of("transcode"))).as("not ended").isFalse();
		Claim claim = claimOne(queued);
		for (String task : List.of("probe", "transcode", "publish")) {
			claimed().startTask(claim, task);
			inTransaction(() -> claimed().taskSucceeded(claim, task, "{}"));
		}
		claimed().succeed(claim, null);
		int generation = runs().find(claim.runId()).orElseThrow().generation();

		assertThat(runs().clear(claim.runId(), List.of("transcode", "publish"))).isTrue();
		Run cleared = runs().find(claim.runId()).orElseThrow();
		assertThat(cleared.status()).isEqualTo(RunStatus.QUEUED);
		assertThat(cleared.generation()).isGreaterThan(generation);
		assertThat(cleared.tasks()).extracting(TaskRun::status)
			.containsExactly(TaskStatus.SUCCEEDED, TaskStatus.PENDING, TaskStatus.PENDING);

		Claim next = claimOne(null);
		assertThat(next.runId()).isEqualTo(claim.runId());
		assertThat(claimed().startTask(next, "probe").outcome()).isEqualTo(TaskStart.Outcome.MEMOISED);
		assertThat(claimed().startTask(next, "transcode").outcome()).isEqualTo(TaskStart.Outcome.STARTED);
	}

	@Test
	void a_claim_that_was_taken_over_changes_nothing() {
		Claim stale = claimOne(queue(Map.of()));
		assertThat(claimed().release(stale, "node lost", 3)).isEqualTo(RunStatus.QUEUED);
		Claim current = claimOne(null);
		assertThat(current.runId()).isEqualTo(stale.runId());
		assertThat(current.epoch()).isGreaterThan(stale.epoch());

		assertThat(claimed().startTask(stale, "probe").outcome()).isEqualTo(TaskStart.Outcome.LOST);
		assertThat(claimed().taskFailed(stale, "probe", new TaskRun.TaskError("X", "late", true, ""))).isFalse();
		assertThat(claimed().succeed(stale, null)).isFalse();
		assertThat(claimed().fail(stale, "late", null, List.of())).isFalse();
		assertThat(runs().find(current.runId()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
		assertThat(claimed().startTask(current, "probe").outcome()).isEqualTo(TaskStart.Outcome.STARTED);
	}

	/** A run started by hand (a run of an event needs the event recorded first). */
	private NewRun queue(Map<String, Object> data) {
		NewRun run = NewRun.of(this.dag, null, data);
		runs().create(run);
		return run;
	}

	/** Claims the one queued run of this case's DAG (null: whichever it is). */
	private Claim claimOne(NewRun expected) {
		List<Run> claimedRuns = claims().claimQueued(new Workers(NODE, 8, 8), this.dags, this::noLimits);
		assertThat(claimedRuns).hasSize(1);
		Run run = claimedRuns.get(0);
		if (expected != null) {
			assertThat(run.runId()).isEqualTo(expected.runId());
		}
		return new Claim(run.runId(), NODE, run.epoch());
	}

	private Limits noLimits(String dagId) {
		return Limits.NONE;
	}

	private List<String> ids(RunQuery query) {
		return runs().list(query).stream().map(Run::runId).toList();
	}

}
