/**
 * Console pages for runs: lists, a run's graph, tasks and logs, live updates, actions;
 * must not import the API.
 */
package io.sermonflow.console.runs;
