/**
 * Operator actions on runs and DAGs (trigger, retry, clear, cancel, pause) carried out
 * through the run store; must not import Spring Batch.
 */
package io.sermonflow.control;
