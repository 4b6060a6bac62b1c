/**
 * Console pages for operations: nodes, dead letters, settings and retention; must not
 * import the API.
 */
package io.sermonflow.console.ops;
