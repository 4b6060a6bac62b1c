package io.sermonflow.dag;

import java.time.Duration;

/**
 * How long one attempt of a task may run, decided when it starts from what the run knows:
 * a transcode of a long recording gets longer than a short one. When it passes, the
 * task's thread is interrupted and the processes it started are killed.
 */
@FunctionalInterface
public interface TaskTimeout {

	Duration limitFor(TaskContext context);

	static TaskTimeout of(Duration limit) {
		return (context) -> limit;
	}

}
