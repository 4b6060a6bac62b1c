package io.sermonflow.admission;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Why a run or a task waits, and until when when that is known. Code branches on the
 * {@link Kind}; {@link #text()} is the same fact in words, as the console and the API
 * show it.
 */
public record Waiting(Kind kind, String text, Instant until) {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** What a run or a task waits for. */
	public enum Kind {

		/** Its DAG is paused. */
		PAUSED,
		/** Its DAG has as many active runs as it allows. */
		MAX_ACTIVE_RUNS,
		/**
		 * Its concurrency key (such as a church) has as many active runs as it allows.
		 */
		KEY_LIMIT,
		/** Its task waits for a slot of a named pool. */
		POOL_FULL,
		/** Every task slot of the node is busy. */
		NO_WORKER,
		/** Its backfill paces it. */
		BACKFILL_RATE,
		/** It waits for its next attempt. */
		RETRY,
		/** Its node went silent; another node takes it back. */
		RECOVERING,
		/** Only a node with another version of its DAG can run it. */
		DAG_VERSION

	}

	public static Waiting paused(String dagId) {
		return blocked(Kind.PAUSED, "DAG " + dagId + " is paused");
	}

	public static Waiting maxActiveRuns(String dagId, int running, int max) {
		return blocked(Kind.MAX_ACTIVE_RUNS, "DAG " + dagId + " at maxActiveRuns (" + running + "/" + max + ")");
	}

	public static Waiting keyLimit(String keyName, String key, int running, int max) {
		return blocked(Kind.KEY_LIMIT, keyName + " " + key + " at its limit (" + running + "/" + max + ")");
	}

	public static Waiting poolFull(String pool, int held, int capacity) {
		return blocked(Kind.POOL_FULL, "pool " + pool + " full (" + held + "/" + capacity + ")");
	}

	public static Waiting poolFullOnNode(String pool, int held, int capacity, String nodeId) {
		return blocked(Kind.POOL_FULL, "pool " + pool + " full on node " + nodeId + " (" + held + "/" + capacity + ")");
	}

	/**
	 * Every worker of the node is taken (by runs running, or admitted before this one).
	 * The text names no changing count, so a queue of runs is not rewritten each time a
	 * worker frees up and is taken again.
	 */
	public static Waiting noWorker(int workers, String nodeId) {
		return new Waiting(Kind.NO_WORKER,
				"waiting for a worker (" + workers + "/" + workers + " busy on node " + nodeId + ")", null);
	}

	public static Waiting backfill(String backfillId, Instant startsAt) {
		return new Waiting(Kind.BACKFILL_RATE, "backfill " + backfillId + ": starts at " + iso(startsAt), startsAt);
	}

	public static Waiting retryAt(Instant at) {
		return new Waiting(Kind.RETRY, "retry at " + iso(at), at);
	}

	/** Its node went silent (null: left the cluster); another node takes it back. */
	public static Waiting recovering(String nodeId, Duration silentFor) {
		String how = (silentFor != null) ? " silent for " + Math.max(0, silentFor.toSeconds()) + " s"
				: " left the cluster";
		return new Waiting(Kind.RECOVERING, "recovering: node " + nodeId + how, null);
	}

	public static Waiting dagVersion(String dagId, String version) {
		return new Waiting(Kind.DAG_VERSION,
				"waiting for a node that has version " + version + " of DAG " + dagId + " (a deploy is under way)",
				null);
	}

	/** An instant as the API shows them: UTC ISO-8601 with millisecond precision. */
	private static String iso(Instant instant) {
		return ISO_MILLIS.format(instant);
	}

	private static Waiting blocked(Kind kind, String what) {
		return new Waiting(kind, "blocked: " + what, null);
	}

}
