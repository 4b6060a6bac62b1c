/**
 * Admission rules of the engine's core (max active runs, per-key limits, pools, free
 * workers), each answering ready or blocked with a typed reason; imports only java.* and
 * the core.
 */
package io.sermonflow.admission;
