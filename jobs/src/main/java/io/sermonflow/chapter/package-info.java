/**
 * Chapters of a sermon found from its transcript's embeddings, and their store; must not
 * import the engine's internals or the web.
 */
package io.sermonflow.chapter;
