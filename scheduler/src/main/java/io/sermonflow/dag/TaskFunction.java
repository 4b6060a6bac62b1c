package io.sermonflow.dag;

/**
 * The work of one task. Its return value is the task's result: serialised to JSON, stored
 * with the run and readable by downstream tasks. Pass media and transcripts by reference,
 * never inline.
 */
@FunctionalInterface
public interface TaskFunction {

	Object run(TaskContext context) throws Exception;

}
