/**
 * The sermon aggregate, its store and the sermon DAGs (ingest, import, re-embed, refresh,
 * release) with their steps; must not import the engine's internals or the web.
 */
package io.sermonflow.sermon;
