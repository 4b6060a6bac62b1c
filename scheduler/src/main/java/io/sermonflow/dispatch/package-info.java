/**
 * The dispatcher: claims queued runs for this node's free slots, hears queued-run
 * signals, recovers dead nodes' runs; must not import the web or jobs.
 */
package io.sermonflow.dispatch;
