/**
 * Console pages for DAGs: their graph, schedules, pause and trigger; must not import the
 * API.
 */
package io.sermonflow.console.dags;
