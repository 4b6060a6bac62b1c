/**
 * What listeners reach without signing in: sermon pages, streaming with ranges, search,
 * feeds; must not import any staff feature (an ArchUnit rule checks it).
 */
package io.sermonflow.listen;
