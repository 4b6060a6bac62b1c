package io.sermonflow.admission;

/**
 * Whether a queued run may start now, and if not, why: "blocked: DAG sermon-ingest at
 * maxActiveRuns (2/2)".
 */
public record Readiness(boolean ready, String reason) {

	public static final Readiness READY = new Readiness(true, null);

	public static Readiness blocked(String reason) {
		return new Readiness(false, "blocked: " + reason);
	}

}
