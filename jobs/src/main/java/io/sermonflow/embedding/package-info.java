/**
 * In-process all-MiniLM-L6-v2 embeddings on ONNX, batched; must not import the engine's
 * internals or the web.
 */
package io.sermonflow.embedding;
