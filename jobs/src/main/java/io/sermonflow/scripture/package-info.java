/**
 * Scripture: books, passages, the reference parser, the World English Bible's text and
 * the passages a sermon cites; must not import the engine's internals or the web.
 */
package io.sermonflow.scripture;
