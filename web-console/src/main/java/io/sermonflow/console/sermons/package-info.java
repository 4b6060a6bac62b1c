/**
 * Console pages for sermons: upload, details, transcript review; must not import the API.
 */
package io.sermonflow.console.sermons;
