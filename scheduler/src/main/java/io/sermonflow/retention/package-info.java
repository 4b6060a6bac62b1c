/**
 * Retention: how long each kind of history is kept, and the hourly purge in small
 * batches; must not import the web.
 */
package io.sermonflow.retention;
