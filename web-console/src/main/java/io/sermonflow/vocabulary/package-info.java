/**
 * The offline engine's extra words (preachers, places, series titles), in the API and the
 * console.
 */
package io.sermonflow.vocabulary;
