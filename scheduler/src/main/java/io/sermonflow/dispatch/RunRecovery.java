package io.sermonflow.dispatch;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sermonflow.admission.Waiting;
import io.sermonflow.config.ClusterNodes;
import io.sermonflow.config.OnRole;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.mapping.PieceStore;
import io.sermonflow.run.Claim;
import io.sermonflow.run.ClaimedRuns;
import io.sermonflow.run.RunClaims;
import io.sermonflow.run.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Takes back the runs of nodes whose lease ran out, under the claim they held: a run is
 * queued again from its interrupted task (its Spring Batch execution, left running by the
 * dead node, is marked FAILED by the node that runs it next) or, on its third lost node,
 * failed with its onFailure due. A lost node does not use up the run's retries. Also
 * settles queued runs that no node can run because their DAG changed under them.
 */
@Component
@OnRole("worker")
public class RunRecovery {

	/** A run whose node died this often is failed: a task may be killing its JVM. */
	public static final int MAX_NODE_RECOVERIES = 3;

	private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

	private final RunClaims claims;

	private final ClaimedRuns runs;

	private final DagRegistry dags;

	private final ClusterNodes nodes;

	private final Timer failover;

	private final PieceStore pieces;

	RunRecovery(RunClaims claims, ClaimedRuns runs, DagRegistry dags, ClusterNodes nodes, PieceStore pieces,
			MeterRegistry meters) {
		this.pieces = pieces;
		this.failover = Timer.builder("sermonflow.failover")
			.description("How long a lost node's run went unattended: its node's last heartbeat to its recovery")
			.publishPercentileHistogram()
			.register(meters);
		this.claims = claims;
		this.runs = runs;
		this.dags = dags;
		this.nodes = nodes;
	}

	/** Forgets nodes lost a day ago that nothing runs on any more. */
	public void forgetLongLostNodes() {
		this.nodes.forgetLongLost();
	}

	/**
	 * Recovers the runs of dead nodes, and queues again the pieces of mapped tasks they
	 * ran (the runs' other pieces keep their results); returns how many runs.
	 */
	public int recoverOnce() {
		int pieces = this.pieces.requeueLost();
		if (pieces > 0) {
			log.warn("{} pieces of mapped tasks queued again: their nodes were lost", pieces);
		}
		int recovered = 0;
		for (RunClaims.Orphan orphan : this.claims.orphans()) {
			String why = (orphan.lostReason() != null) ? orphan.lostReason()
					: (orphan.silentFor() != null)
							? "it stopped heart-beating (silent " + orphan.silentFor().toSeconds() + " s)"
							: "it left the cluster";
			RunStatus status = this.runs.release(orphan.claim(), why, MAX_NODE_RECOVERIES);
			if (status != null) {
				recovered++;
				if (orphan.silentFor() != null) {
					this.failover.record(orphan.silentFor());
				}
				log.warn("Run {} of {} recovered from node {} ({}): now {}", orphan.claim().runId(), orphan.dagId(),
						orphan.claim().nodeId(), why, status);
			}
		}
		return recovered;
	}

	/**
	 * Hands back a run of this node that ended abnormally (its end could not be
	 * recorded), as if its node had been lost.
	 */
	public void release(Claim claim) {
		this.runs.release(claim, "its end could not be recorded", MAX_NODE_RECOVERIES);
	}

	/**
	 * Queued runs whose remaining tasks this node's version of their DAG lacks: they wait
	 * (saying so) while a live node has their version, and fail once, with their
	 * onFailure, naming the tasks that are gone, when none has. Returns how many failed.
	 */
	public int settleStranded() {
		int failed = 0;
		Set<String> live = null;
		for (RunClaims.Stranded stranded : this.claims.stranded(this.dags)) {
			live = (live != null) ? live : this.claims.liveVersions();
			if (stranded.version() != null && live.contains(stranded.dagId() + ":" + stranded.version())) {
				this.claims.noteWaiting(stranded.runId(), Waiting.dagVersion(stranded.dagId(), stranded.version()));
				continue;
			}
			Dag dag = this.dags.find(stranded.dagId()).orElseThrow();
			String error = dag.changedSince(stranded.version(), stranded.missingTasks());
			if (this.claims.failQueued(stranded.runId(), error, stranded.missingTasks())) {
				failed++;
				log.warn("Run {} failed: {}", stranded.runId(), error);
			}
		}
		return failed;
	}

}
