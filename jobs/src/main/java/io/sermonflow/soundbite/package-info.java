/**
 * Soundbites: short shareable clips of a sermon; must not import the engine's internals
 * or the web.
 */
package io.sermonflow.soundbite;
