/**
 * The JDBC run store: every SQL statement about runs, claims under an advisory lock; no
 * other package imports it, all go through the run package's ports.
 */
package io.sermonflow.run.jdbc;
