package io.sermonflow.run;

import java.time.Instant;

/** One captured log line of a task. */
public record TaskLogLine(Instant at, String level, String message) {
}
