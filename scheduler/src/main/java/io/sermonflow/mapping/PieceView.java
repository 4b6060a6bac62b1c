package io.sermonflow.mapping;

import java.time.Instant;

/**
 * One piece as the console and the API show it: where it stands, which node runs or ran
 * it, how often it was taken and failed, when, and why it stopped or waits again.
 */
public record PieceView(String taskId, int index, PieceStatus status, String nodeId, int attempt, int failures,
		Instant queuedAt, Instant startedAt, Instant finishedAt, String error, String note) {

}
