/**
 * Mapped tasks (Airflow's dynamic task mapping): a task mapped over an upstream task's
 * list runs once per item, each run a piece that any worker node with a free slot of the
 * task's pool takes. The node that runs the run plans the pieces and waits for them
 * ({@link io.sermonflow.mapping.MappedTasks}); every node's
 * {@link io.sermonflow.mapping.PieceWorker} runs them; a piece whose node is lost runs
 * again, and the others keep their results.
 */
package io.sermonflow.mapping;
