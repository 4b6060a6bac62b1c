/**
 * Archive imports from podcast feeds: the feed reader, items and their pacing into
 * sermon-import; must not import the engine's internals or the web.
 */
package io.sermonflow.archive;
