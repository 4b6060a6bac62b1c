package io.sermonflow.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

	private static Workers workers(int free) {
		return new Workers("n", free, free);
	}

	private static Candidate run(String id, String dag, String key) {
		return new Candidate(id, dag, key);
	}

	@Test
	void admits_in_order_until_the_dag_reaches_max_active_runs_and_says_why_the_rest_wait() {
		Admission admission = new Admission(List.of(run("r0", "ingest", null)), (dag) -> new Limits(false, 2, null, 0));
		Map<Candidate, Readiness> decisions = admission
			.decide(List.of(run("r1", "ingest", null), run("r2", "ingest", null)), new Workers("n", 10, 10));
		assertThat(Admission.admitted(decisions)).extracting(Candidate::runId).containsExactly("r1");
		assertThat(decisions.get(run("r2", "ingest", null)).reason())
			.isEqualTo("blocked: DAG ingest at maxActiveRuns (2/2)");
	}

	@Test
	void a_per_key_limit_holds_one_church_back_while_others_proceed() {
		Admission admission = new Admission(List.of(run("r0", "ingest", "church-a")),
				(dag) -> new Limits(false, 0, "churchId", 1));
		Map<Candidate, Readiness> decisions = admission.decide(List.of(run("r1", "ingest", "church-a"),
				run("r2", "ingest", "church-b"), run("r3", "ingest", "church-b")), new Workers("n", 10, 10));
		assertThat(Admission.admitted(decisions)).extracting(Candidate::runId).containsExactly("r2");
		assertThat(decisions.get(run("r1", "ingest", "church-a")).reason())
			.isEqualTo("blocked: churchId church-a at its limit (1/1)");
	}

	@Test
	void a_paused_dag_admits_nothing() {
		Map<Candidate, Readiness> decisions = new Admission(List.of(), (dag) -> new Limits(true, 0, null, 0))
			.decide(List.of(run("r1", "ingest", null)), new Workers("n", 10, 10));
		assertThat(decisions.get(run("r1", "ingest", null)).reason()).isEqualTo("blocked: DAG ingest is paused");
	}

	@Test
	void runs_left_for_want_of_a_worker_say_so_in_the_same_words_however_many_were_free() {
		List<Candidate> queue = List.of(run("r1", "a", null), run("r2", "a", null), run("r3", "a", null));
		for (int free = 0; free <= 2; free++) {
			Map<Candidate, Readiness> decisions = new Admission(List.of(), (dag) -> new Limits(false, 0, null, 0))
				.decide(queue, new Workers("node-1", 2, free));
			assertThat(Admission.admitted(decisions)).hasSize(free);
			// an unchanged reason is not written again, so a long queue is not rewritten
			// each time a worker frees up and is taken
			assertThat(decisions.get(run("r3", "a", null)).reason())
				.isEqualTo("waiting for a worker (2/2 busy on node node-1)");
		}
	}

	@Test
	void a_run_every_rule_allows_but_no_worker_can_take_says_it_waits_for_a_worker() {
		Map<Candidate, Readiness> decisions = new Admission(List.of(run("r0", "a", "church-a")),
				(dag) -> new Limits(false, 0, "churchId", 1))
			.decide(List.of(run("r1", "a", "church-a"), run("r2", "a", "church-b")), new Workers("node-1", 2, 0));
		assertThat(Admission.admitted(decisions)).isEmpty();
		assertThat(decisions.get(run("r2", "a", "church-b")).waiting().kind()).isEqualTo(Waiting.Kind.NO_WORKER);
		assertThat(decisions.get(run("r2", "a", "church-b")).reason())
			.isEqualTo("waiting for a worker (2/2 busy on node node-1)");
		// the rules speak first: church a's second run waits for its first
		assertThat(decisions.get(run("r1", "a", "church-a")).reason())
			.isEqualTo("blocked: churchId church-a at its limit (1/1)");
	}

	@Test
	void never_admits_more_than_the_free_workers() {
		Map<Candidate, Readiness> decisions = new Admission(List.of(), (dag) -> Limits.NONE)
			.decide(List.of(run("r1", "a", null), run("r2", "a", null), run("r3", "a", null)), new Workers("n", 2, 2));
		assertThat(Admission.admitted(decisions)).extracting(Candidate::runId).containsExactly("r1", "r2");
	}

	/**
	 * Random limits, random arrivals and completions: after every admission round, no DAG
	 * and no key ever has more running than its limit.
	 */
	@Test
	void limits_are_never_exceeded_under_random_load() {
		Random random = new Random(20261128);
		for (int trial = 0; trial < 200; trial++) {
			Map<String, Limits> limits = new HashMap<>();
			for (String dag : List.of("a", "b", "c")) {
				limits.put(dag, new Limits(false, random.nextInt(4), "k", random.nextInt(3)));
			}
			List<Candidate> running = new ArrayList<>();
			List<Candidate> queued = new ArrayList<>();
			for (int step = 0; step < 100; step++) {
				for (int i = random.nextInt(4); i > 0; i--) {
					queued.add(run("r" + trial + "-" + step + "-" + i, List.of("a", "b", "c").get(random.nextInt(3)),
							"key" + random.nextInt(3)));
				}
				if (!running.isEmpty() && random.nextBoolean()) {
					running.remove(random.nextInt(running.size()));
				}
				List<Candidate> admitted = Admission
					.admitted(new Admission(running, limits::get).decide(queued, workers(1 + random.nextInt(4))));
				running.addAll(admitted);
				queued.removeAll(admitted);
				for (String dag : limits.keySet()) {
					Limits limit = limits.get(dag);
					long dagRunning = running.stream().filter((r) -> r.dagId().equals(dag)).count();
					if (limit.maxActiveRuns() > 0) {
						assertThat(dagRunning).isLessThanOrEqualTo(limit.maxActiveRuns());
					}
					if (limit.maxPerKey() > 0) {
						for (int k = 0; k < 3; k++) {
							String key = "key" + k;
							assertThat(running.stream()
								.filter((r) -> r.dagId().equals(dag) && key.equals(r.concurrencyKey()))
								.count()).isLessThanOrEqualTo(limit.maxPerKey());
						}
					}
				}
			}
		}
	}

}
