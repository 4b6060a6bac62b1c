package io.sermonflow.run;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.sermonflow.admission.Limits;
import io.sermonflow.admission.Waiting;
import io.sermonflow.admission.Workers;
import io.sermonflow.dag.DagRegistry;

/**
 * How runs come to be held by a node, and taken back from nodes that died: admission
 * claims queued runs; recovery finds runs whose node went silent.
 */
public interface RunClaims {

	/**
	 * Admits and claims QUEUED runs a node can run (of DAGs it has, in a version it has
	 * or whose remaining tasks it has), up to its free workers, in priority then first-in
	 * first-out order, where every limit allows. Every run looked at that waits gets the
	 * reason stored, including when no worker is free. Safe from any number of nodes at
	 * once: admission is serialised and no run is claimed twice. Each claim raises the
	 * run's epoch; the claimed runs carry their tasks' ids and states.
	 */
	List<Run> claimQueued(Workers workers, DagRegistry dags, Function<String, Limits> limits);

	/** RUNNING runs whose node's lease ran out, with how long it has been silent. */
	List<Orphan> orphans();

	/** Which of the given claims no longer hold their runs (by run id). */
	Set<String> lost(Collection<Claim> claims);

	/**
	 * QUEUED runs of the given DAGs that this node cannot run: recorded with a version it
	 * lacks, with remaining tasks its version lacks.
	 */
	List<Stranded> stranded(DagRegistry dags);

	/** The DAG versions ({@code dag:version}) that live nodes have. */
	Set<String> liveVersions();

	/** Stores why a QUEUED run waits (unless it already says so). */
	void noteWaiting(String runId, Waiting waiting);

	/**
	 * Fails a QUEUED run that no node can run, with its onFailure due: the tasks that are
	 * gone fail with the error, the others are UPSTREAM_FAILED.
	 */
	boolean failQueued(String runId, String error, Collection<String> goneTasks);

	/**
	 * A RUNNING run on a node presumed dead: why, when the other nodes said ({@code
	 * lostReason}, such as its database session closing), and how long it has been silent
	 * (null: it left the cluster).
	 */
	record Orphan(Claim claim, String dagId, String lostReason, Duration silentFor) {
	}

	/** A queued run whose remaining tasks its DAG, as deployed here, lacks. */
	record Stranded(String runId, String dagId, String version, List<String> missingTasks) {
	}

}
