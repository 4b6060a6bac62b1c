/**
 * PostgreSQL LISTEN/NOTIFY channels between nodes, with the queued-runs signal; must not
 * import the web or jobs.
 */
package io.sermonflow.signal;
