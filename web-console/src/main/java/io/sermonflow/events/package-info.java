/**
 * Events: accepting an event over HTTP (recorded, then published to SQS) and showing what
 * became of it.
 */
package io.sermonflow.events;
