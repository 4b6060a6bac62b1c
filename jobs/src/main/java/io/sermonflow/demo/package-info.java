/**
 * The demo DAGs (demo-noop, demo-flaky, the ledger) for smoke tests and benchmarks; must
 * not import the engine's internals or the web.
 */
package io.sermonflow.demo;
