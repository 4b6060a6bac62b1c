/**
 * What listeners reach without signing in: sermon pages, streaming with ranges, search,
 * feeds; must not import the API or the console (an ArchUnit rule checks it).
 */
package io.sermonflow.listen;
