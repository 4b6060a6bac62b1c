/**
 * Runs: the /api/runs endpoints and the console's run list, run page (graph, Gantt,
 * tasks, logs), live updates over server-sent events, retry, cancel and clear.
 */
package io.sermonflow.runs;
