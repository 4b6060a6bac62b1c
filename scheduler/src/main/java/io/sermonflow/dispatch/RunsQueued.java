package io.sermonflow.dispatch;

/** Published when runs were queued, so a dispatcher on this node claims them at once. */
public record RunsQueued(int count) {
}
