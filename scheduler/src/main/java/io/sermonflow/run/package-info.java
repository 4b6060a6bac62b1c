/**
 * Runs and tasks of the engine's core: states with their transition tables, claims, and
 * the RunStore port; imports only java.* and the core.
 */
package io.sermonflow.run;
