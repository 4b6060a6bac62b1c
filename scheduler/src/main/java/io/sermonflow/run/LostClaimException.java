package io.sermonflow.run;

/**
 * A write for a run was refused because the writer no longer holds the run's claim:
 * another node took the run over (this one was presumed dead), or an operator action
 * moved it on. The writer abandons the attempt; nothing it did after losing the claim is
 * kept.
 */
public class LostClaimException extends IllegalStateException {

	private final Claim claim;

	public LostClaimException(Claim claim) {
		super("This node no longer holds " + claim + "; the attempt is abandoned");
		this.claim = claim;
	}

	public Claim claim() {
		return this.claim;
	}

}
