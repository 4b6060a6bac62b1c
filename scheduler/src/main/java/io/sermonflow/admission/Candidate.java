package io.sermonflow.admission;

/** A QUEUED run as admission sees it. */
public record Candidate(String runId, String dagId, String concurrencyKey) {
}
