package io.sermonflow.dag;

import java.util.Map;

/**
 * What an onFailure handler learns: the run, the event that started it, and why it
 * failed.
 */
public record FailedRun(String runId, String dagId, String eventId, Map<String, Object> data, String error) {
}
