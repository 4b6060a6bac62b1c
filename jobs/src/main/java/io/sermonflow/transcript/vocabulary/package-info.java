/**
 * The sermon vocabulary for PocketSphinx: the language model built from the World English
 * Bible and staff's words, cached; must not import the engine's internals or the web.
 */
package io.sermonflow.transcript.vocabulary;
