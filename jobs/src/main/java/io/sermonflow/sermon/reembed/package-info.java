/**
 * The sermon-reembed DAG: every transcript into a fresh index, counts verified, the alias
 * swapped; must not import the web.
 */
package io.sermonflow.sermon.reembed;
