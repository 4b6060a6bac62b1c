/**
 * Series and preachers as listeners browse them; must not import the engine's internals
 * or the web.
 */
package io.sermonflow.catalog;
