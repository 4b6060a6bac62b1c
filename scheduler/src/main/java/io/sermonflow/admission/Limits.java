package io.sermonflow.admission;

/**
 * A DAG's limits: active runs in all (0 = none), and active runs per concurrency key (0 =
 * none).
 */
public record Limits(boolean paused, int maxActiveRuns, String keyName, int maxPerKey) {

	public static final Limits NONE = new Limits(false, 0, null, 0);

}
