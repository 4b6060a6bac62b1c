/**
 * Backfills: many runs of one DAG released at a steady rate, and their progress; must not
 * import Spring Batch or the web.
 */
package io.sermonflow.backfill;
