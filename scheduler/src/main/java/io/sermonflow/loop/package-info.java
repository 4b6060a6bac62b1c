/**
 * BackgroundLoop, the one way the engine runs a round of work on its own threads; imports
 * only java.* and slf4j.
 */
package io.sermonflow.loop;
