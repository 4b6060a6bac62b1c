/**
 * Console page for the offline engine's extra words; must not import the API.
 */
package io.sermonflow.console.vocabulary;
