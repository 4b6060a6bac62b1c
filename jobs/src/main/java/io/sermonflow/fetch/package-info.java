/**
 * The SSRF-safe URL guard and fetcher for URL ingest and feeds; must not import the
 * engine's internals or the web.
 */
package io.sermonflow.fetch;
