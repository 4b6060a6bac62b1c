/**
 * The sermon-ingest and sermon-import pipelines (probe, transcode, transcribe, chunk,
 * embed, index, publish) and the refresh after a transcript edit; must not import the
 * web.
 */
package io.sermonflow.sermon.ingest;
