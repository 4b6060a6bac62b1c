/**
 * DAGs: their list and graph, pause and unpause, manual runs and backfills, in the API
 * and the console.
 */
package io.sermonflow.dags;
