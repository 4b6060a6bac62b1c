/**
 * The DAG model and its builder DSL, task API and validation: plain Java, importing only
 * java.*.
 */
package io.sermonflow.dag;
