package io.sermonflow.run;

import java.util.Objects;

/**
 * A node's hold on a RUNNING run. Every claim of a run raises its epoch, so a write that
 * names an older claim (a node that was presumed dead and woke up, or lost the run to a
 * recovery) changes nothing: each write for a run names the claim it is made under.
 */
public record Claim(String runId, String nodeId, long epoch) {

	public Claim {
		Objects.requireNonNull(runId, "runId");
		Objects.requireNonNull(nodeId, "nodeId");
	}

	@Override
	public String toString() {
		return "run " + this.runId + " on node " + this.nodeId + " (epoch " + this.epoch + ")";
	}

}
