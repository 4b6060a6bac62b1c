package io.sermonflow.error;

import java.time.Duration;

/**
 * A task ran past its timeout and was stopped: its thread interrupted, its processes
 * killed. Retryable, as a slow service or a loaded machine may do better next time; a run
 * past its own timeout fails permanently instead ({@link #ofRun}).
 */
public class TimedOutException extends SermonflowException {

	private TimedOutException(String message, boolean retryable) {
		super(message, retryable, null);
	}

	public static TimedOutException ofTask(String taskId, Duration limit) {
		return new TimedOutException(
				"Task '" + taskId + "' timed out after " + words(limit) + "; it was stopped and its processes killed",
				true);
	}

	public static TimedOutException ofRun(String taskId, Duration limit) {
		return new TimedOutException("The run exceeded its timeout of " + words(limit) + " during task '" + taskId
				+ "'; the task was stopped", false);
	}

	/** A duration as people write it: "90 s", "12 min", "1 h 30 min". */
	public static String words(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 120) {
			return (seconds == 0) ? duration.toMillis() + " ms" : seconds + " s";
		}
		long minutes = duration.toMinutes();
		if (minutes < 120) {
			return minutes + " min";
		}
		return duration.toHours() + " h" + ((minutes % 60 != 0) ? " " + (minutes % 60) + " min" : "");
	}

}
