/**
 * The sermon aggregate and its store, and what staff do with a sermon: upload, edit,
 * transcript edits and review, chapters, scripture, release (with its DAG); must not
 * import the engine's internals or the web. The pipelines live in ingest/ and reembed/.
 */
package io.sermonflow.sermon;
