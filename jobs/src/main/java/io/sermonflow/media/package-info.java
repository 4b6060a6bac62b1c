/**
 * Media on disk and ffmpeg (the machine's or JAVE2's): the store, the probe, the
 * transcoder, each call whitelisted; must not import the engine's internals or the web.
 */
package io.sermonflow.media;
