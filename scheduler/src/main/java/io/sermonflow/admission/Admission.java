package io.sermonflow.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides which queued runs start, given what already runs. Candidates come in priority,
 * then first-in first-out order; each is admitted when every rule allows, in order: the
 * DAG is not paused, its maxActiveRuns, its per-key limit, and the free workers of the
 * node. Each rule answers ready or blocked with a {@link Waiting} reason, as Airflow's
 * task-instance dependencies do.
 */
public final class Admission {

	private final Map<String, Integer> runningByDag = new HashMap<>();

	private final Map<String, Integer> runningByKey = new HashMap<>();

	private final Function<String, Limits> limits;

	/**
	 * @param running the runs RUNNING now, as (dag, concurrency key) pairs
	 * @param limits the limits of a DAG by id
	 */
	public Admission(List<Candidate> running, Function<String, Limits> limits) {
		this.limits = limits;
		running.forEach(this::count);
	}

	/**
	 * Decides for each candidate, in order; at most as many as the node has free workers
	 * are admitted, and a run every rule allows but no worker can take says so.
	 */
	public Map<Candidate, Readiness> decide(List<Candidate> queued, Workers workers) {
		Map<Candidate, Readiness> decisions = new LinkedHashMap<>();
		int admitted = 0;
		for (Candidate candidate : queued) {
			Readiness readiness = check(candidate);
			if (readiness.ready() && admitted >= workers.free()) {
				readiness = Readiness.blocked(workers.noneFree());
			}
			if (readiness.ready()) {
				admitted++;
				count(candidate);
			}
			decisions.put(candidate, readiness);
		}
		return decisions;
	}

	public static List<Candidate> admitted(Map<Candidate, Readiness> decisions) {
		List<Candidate> admitted = new ArrayList<>();
		decisions.forEach((candidate, readiness) -> {
			if (readiness.ready()) {
				admitted.add(candidate);
			}
		});
		return admitted;
	}

	private Readiness check(Candidate candidate) {
		Limits limits = this.limits.apply(candidate.dagId());
		if (limits.paused()) {
			return Readiness.blocked(Waiting.paused(candidate.dagId()));
		}
		int dagRunning = this.runningByDag.getOrDefault(candidate.dagId(), 0);
		if (limits.maxActiveRuns() > 0 && dagRunning >= limits.maxActiveRuns()) {
			return Readiness.blocked(Waiting.maxActiveRuns(candidate.dagId(), dagRunning, limits.maxActiveRuns()));
		}
		if (limits.maxPerKey() > 0 && candidate.concurrencyKey() != null) {
			int keyRunning = this.runningByKey.getOrDefault(keyOf(candidate), 0);
			if (keyRunning >= limits.maxPerKey()) {
				return Readiness.blocked(
						Waiting.keyLimit(limits.keyName(), candidate.concurrencyKey(), keyRunning, limits.maxPerKey()));
			}
		}
		return Readiness.READY;
	}

	private void count(Candidate run) {
		this.runningByDag.merge(run.dagId(), 1, Integer::sum);
		if (run.concurrencyKey() != null) {
			this.runningByKey.merge(keyOf(run), 1, Integer::sum);
		}
	}

	private static String keyOf(Candidate run) {
		return run.dagId() + "\u0000" + run.concurrencyKey();
	}

}
