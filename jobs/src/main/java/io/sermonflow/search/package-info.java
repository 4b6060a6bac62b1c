/**
 * Elasticsearch: the client, the chunk index behind its alias, hybrid search, health;
 * must not import the engine's internals or the web.
 */
package io.sermonflow.search;
