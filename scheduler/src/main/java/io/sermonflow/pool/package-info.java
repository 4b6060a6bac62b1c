/**
 * Pools: named slot counts for heavy tasks, shared by every node through the database;
 * must not import Spring Batch.
 */
package io.sermonflow.pool;
