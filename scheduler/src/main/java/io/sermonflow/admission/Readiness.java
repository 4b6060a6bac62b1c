package io.sermonflow.admission;

/**
 * Whether a queued run (or a task) may start now, and if not, why: a {@link Waiting} such
 * as "blocked: DAG sermon-ingest at maxActiveRuns (2/2)".
 */
public record Readiness(boolean ready, Waiting waiting) {

	public static final Readiness READY = new Readiness(true, null);

	public static Readiness blocked(Waiting waiting) {
		return new Readiness(false, waiting);
	}

	/** The reason in words, null when ready. */
	public String reason() {
		return (this.waiting != null) ? this.waiting.text() : null;
	}

}
