/**
 * Transcription: the Deepgram REST client and the offline PocketSphinx engine behind one
 * Transcriber; must not import the engine's internals or the web.
 */
package io.sermonflow.transcript;
